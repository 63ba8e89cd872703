package org.cmoportal.organisation;

import java.util.List;

import org.cmoportal.testsupport.ApiPaging;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Tenants;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A CMO's licences grow with the builders it licenses: {@code GET /api/v1/tenants/{t}/licences} is searched by the
 * organisation's slug or name ({@code q}), read a page at a time ({@code page}, {@code size}) by name, the whole count
 * in {@code X-Total-Count}; for the tenant's administrators alone, as before.
 */
@QuarkusTest
class LicenceListApiTest {

    @Test
    void licencesArePagedAndSearched() {
        String tenant = Tenants.administeredBy("lla", "Licence Lists", "nadia");
        String marker = Unique.name("lic");
        // licensed out of name order: the list is by name
        for (String letter : List.of("E", "C", "A", "D", "B")) {
            Organisations.ensure(marker + "-" + letter.toLowerCase(), "Licensed " + letter + " " + marker, "omar");
            Organisations.license("nadia", tenant, marker + "-" + letter.toLowerCase());
        }

        ApiPaging<String> licences = ApiPaging.of(() -> DevTokens.as("nadia").basePath("/api/v1/tenants/" + tenant), "/licences",
                "builderSlug", String.class);
        licences.assertPaged(marker + "-a", marker + "-b", marker + "-c", marker + "-d", marker + "-e");
        licences.assertFinds("LICENSED B", marker + "-b");
        licences.assertFinds(marker + "-d", marker + "-d");
        licences.assertFinds("nothing-" + marker);

        // as before: a member is not allowed, another CMO's administrator finds no such tenant
        DevTokens.as("alice").queryParam("page", 2).get("/api/v1/tenants/newsguild/licences").then().statusCode(403);
        DevTokens.as("cora").queryParam("q", marker).get("/api/v1/tenants/" + tenant + "/licences").then().statusCode(404);
    }
}
