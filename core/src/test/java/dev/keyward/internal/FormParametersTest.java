package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormParametersTest {

    @Test
    void parametersToStringThenNamesOnlyNeverValues() {
        FormParameters.Parsed parsed = FormParameters.parse(
                "grant_type=client_credentials&client_id=kwci_AAAAAAAAAAAA&client_secret=kwcs_s3cr3tVALUE");

        assertThat(parsed).isInstanceOf(FormParameters.Parameters.class);
        assertThat(parsed.toString()).isEqualTo("Parameters[client_id, client_secret, grant_type]")
                .doesNotContain("s3cr3t").doesNotContain("client_credentials");
    }
}
