package dev.keyward.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.DenialCode;
import dev.keyward.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("One audit vocabulary")
class AuditCodeTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    @DisplayName("every management error code has the audit code of the same name")
    void everyErrorCodeMaps(ErrorCode code) {
        assertThat(AuditCode.of(code).name()).isEqualTo(code.name());
    }

    @ParameterizedTest
    @EnumSource(DenialCode.class)
    @DisplayName("every denial code has an audit code; a failed store is a store failure everywhere")
    void everyDenialCodeMaps(DenialCode code) {
        String expected = code == DenialCode.UNAVAILABLE ? "STORE_FAILURE" : code.name();

        assertThat(AuditCode.of(code).name()).isEqualTo(expected);
    }
}
