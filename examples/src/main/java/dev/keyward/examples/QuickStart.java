package dev.keyward.examples;

import dev.keyward.Actor;
import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.AuthenticationType;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RequestHeaders;
import dev.keyward.memory.InMemoryStore;

/** The README's "embedding in five minutes" sample, compiled and run by the build. */
public final class QuickStart {

    private QuickStart() {
    }

    public static void main(String[] args) {
        System.out.println(run());
    }

    static AuthenticationResult run() {
        // quickstart:begin
        Keyward keyward = Keyward.builder()
                .store(new InMemoryStore()) // in production: JdbcStore.create(dataSource), migrated once
                .build();

        // An admin of organization "acme" creates its Access Key. The key is shown this once;
        // only its Argon2id hash is stored.
        IssuedCredentials issued = keyward.connections().create(
                Actor.admin("alice"), OrganizationId.of("acme"), "Reporting", AuthenticationType.ACCESS_KEY);
        String accessKey = issued.secret().reveal();

        // Every API request of the host passes through the authenticator.
        AuthenticationResult result = keyward.authenticator()
                .authenticate(RequestHeaders.of("Accesskey", accessKey), ApiFamily.REST);
        if (result instanceof AuthenticationResult.Granted granted) {
            System.out.println("request of " + granted.principal().organizationId());
        } else if (result instanceof AuthenticationResult.Denied denied) {
            System.out.println("answer " + denied.httpStatus() + " " + denied.headers() + " " + denied.body());
        }
        // quickstart:end
        return result;
    }
}
