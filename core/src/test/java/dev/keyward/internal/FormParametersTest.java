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

    @Test
    void emptyValuesThenAbsentAndStillCountedForRepeats() {
        FormParameters.Parameters form = (FormParameters.Parameters) FormParameters.parse(
                "grant_type=client_credentials&scope=&client_id");

        assertThat(form.get("grant_type")).isEqualTo("client_credentials");
        assertThat(form.get("scope")).isNull();
        assertThat(form.get("client_id")).isNull();
        assertThat(form.values()).containsOnlyKeys("grant_type");
        assertThat(FormParameters.parse("scope=&scope=x")).isInstanceOf(FormParameters.Malformed.class);
        assertThat(FormParameters.parse("scope=x&scope=")).isInstanceOf(FormParameters.Malformed.class);
    }
}
