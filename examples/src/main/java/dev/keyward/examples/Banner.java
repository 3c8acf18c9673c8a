package dev.keyward.examples;

import java.net.URI;

/** What the demo prints once it accepts requests: where it listens, who may act, and the story in curl. */
public final class Banner {

    private Banner() {
    }

    public static String text(URI uri, String database) {
        String u = uri.toString();
        return """
                Keyward demo listening on %1$s
                Database: %2$s

                Demo users (send one in the X-Actor header of admin calls):
                  super   active super admin: may manage Access Key and M2M OAuth connections
                  admin   active admin: may manage Access Key connections only
                  viewer  no admin role: may do nothing
                  former  inactive super admin: may do nothing

                Try it:
                  # 1. An admin creates the organization's Access Key connection; the key is shown once.
                  curl -s -X POST %1$s/admin/orgs/acme/connections -H 'X-Actor: admin' \\
                       -H 'Content-Type: application/json' -d '{"name":"Reporting","authenticationType":"ACCESS_KEY"}'
                  # 2. Call the REST API with it.
                  curl -s %1$s/v1/ping -H 'Accesskey: <accessKey>'
                  # 3. Regenerate it; the old key now gets 401, the new one 200.
                  curl -s -X POST %1$s/admin/orgs/acme/connections/<id>/regenerate -H 'X-Actor: admin'
                  # 4. Only super admins may create M2M OAuth credentials (admin gets 403).
                  curl -s -X POST %1$s/admin/orgs/acme/connections -H 'X-Actor: super' \\
                       -H 'Content-Type: application/json' -d '{"name":"Billing sync","authenticationType":"OAUTH"}'
                  # 5. Exchange them for a bearer token (client credentials grant).
                  curl -s -X POST %1$s/oauth/token -u '<clientId>:<clientSecret>' -d grant_type=client_credentials
                  # 6. The token works on REST APIs but not on Event APIs (403).
                  curl -s %1$s/v1/ping -H 'Authorization: Bearer <access_token>'
                  curl -s -X POST %1$s/v1/eventManager/event -H 'Authorization: Bearer <access_token>'
                  # 7. List connections: hints only, never secrets.
                  curl -s %1$s/admin/orgs/acme/connections -H 'X-Actor: admin'

                Or run the whole story: java -cp examples/target/keyward-demo.jar dev.keyward.examples.DemoTour %1$s
                """.formatted(u, database);
    }
}
