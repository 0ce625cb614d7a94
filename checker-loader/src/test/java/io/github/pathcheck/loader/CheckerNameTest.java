package io.github.pathcheck.loader;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The names discovery accepts from providers: 1 to 16 of a-z, 0-9, '_' and '-', starting with a letter or digit. */
class CheckerNameTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "directio", "cciss_tur", "emc-clariion", "9a_-", "abcdefghijklmnop", "a-", "z_"})
  void acceptsNamesOfLowerCaseLettersDigitsUnderscoresAndHyphens(String name) {
    assertThat(Discovery.isValidName(name)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "abcdefghijklmnopq", "-tur", "_tur", "Directio", "dir.io", "dir io", "dirécto", "tur\n", "a/b", "A"
      })
  void refusesEmptyLongCapitalisedOrPunctuatedNamesAndALeadingUnderscoreOrHyphen(String name) {
    assertThat(Discovery.isValidName(name)).isFalse();
  }
}
