package dev.keyward.spring;

import dev.keyward.AuthenticationResult;
import org.springframework.security.core.AuthenticationException;

/** Keyward denied a request; {@link #denial()} says how to answer it. Its message is the denial code, no more. */
public final class KeywardDeniedException extends AuthenticationException {

    private static final long serialVersionUID = 1L;

    private final transient AuthenticationResult.Denied denial;

    KeywardDeniedException(AuthenticationResult.Denied denial) {
        super(denial.code().name());
        this.denial = denial;
    }

    /** The denial as core returned it: status, headers and body to send. */
    public AuthenticationResult.Denied denial() {
        return denial;
    }
}
