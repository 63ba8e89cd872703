package org.cmoportal.member;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Member imports: one audit entry per file, loaded in bulk within the request, strict UTF-8 and the same ref and
 * name rules as everywhere else, all or nothing. Each test uses a CMO of its own, made through the API.
 */
@QuarkusTest
class MemberImportTest {

    /** A double-submit CSRF pair for page posts (16 bytes, as the extension makes them). */
    private static final String CSRF = java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString("import-csrf-tokn".getBytes(StandardCharsets.US_ASCII));

    @Inject
    AuditLog audit;

    @Inject
    TenantScope scope;

    @Inject
    @io.quarkus.agroal.DataSource("migration")
    AgroalDataSource owner;

    @BeforeAll
    static void tokens() {
        DevTokens.of("olivia");
        DevTokens.of("nadia");
    }

    @Test
    void anImportIsOneAuditEntryWithItsCountsAndTheFilesSha256() throws Exception {
        String t = newCmo();
        byte[] first = "ref,name,username\nm1,Ann One,\nm2,Ben Two,\nm3,Cy Three,carol\n".getBytes(StandardCharsets.UTF_8);
        importCsv(t, first).then().statusCode(200);
        byte[] second = "ref,name\nm1,Ann One\nm2,Ben Renamed\nm4,Dee Four\n".getBytes(StandardCharsets.UTF_8);
        JsonPath answer = importCsv(t, second).then().statusCode(200).extract().jsonPath();
        assertThat(answer.getInt("added")).isEqualTo(1);
        assertThat(answer.getInt("updated")).isEqualTo(1);

        assertThat(strings("SELECT action || ' ' || after::text FROM audit_event WHERE tenant_id = ? AND action LIKE 'member.%' ORDER BY seq", t))
                .containsExactly(
                        "member.import {\"added\": 3, \"lines\": 3, \"sha256\": \"" + sha256(first) + "\", \"updated\": 0}",
                        "member.import {\"added\": 1, \"lines\": 3, \"sha256\": \"" + sha256(second) + "\", \"updated\": 1}");
        assertThat(strings("SELECT ref || '=' || name FROM member WHERE tenant_id = ? ORDER BY ref", t))
                .containsExactly("m1=Ann One", "m2=Ben Renamed", "m3=Cy Three", "m4=Dee Four");
        assertThat(strings("""
                SELECT a.member_ref || '=' || u.username FROM affiliation a JOIN app_user u ON u.id = a.user_id
                WHERE a.kind = 'MEMBER' AND a.tenant_id = ?""", t)).containsExactly("m3=carol");
        assertThat(scope.call(t, audit::verify)).isEmpty();
    }

    @Test
    void aFileOfTenThousandMembersIsImportedWithinTheRequest() {
        String t = newCmo();
        StringBuilder csv = new StringBuilder("ref,name,username\n");
        for (int i = 1; i <= 10_000; i++) {
            csv.append("r").append(i).append(",Member ").append(i).append(i % 1000 == 0 ? ",user-" + i : ",").append('\n');
        }
        long started = System.nanoTime();
        Response r = importCsv(t, csv.toString().getBytes(StandardCharsets.UTF_8));
        long millis = (System.nanoTime() - started) / 1_000_000;
        r.then().statusCode(200);
        assertThat(r.jsonPath().getInt("added")).isEqualTo(10_000);
        // one set-based load, not 10,000 audited inserts: well under the transaction's time even on a busy machine
        assertThat(millis).as("milliseconds for 10,000 members").isLessThan(15_000);
        assertThat(count("SELECT count(*) FROM member WHERE tenant_id = ?", t)).isEqualTo(10_000);
        assertThat(count("SELECT count(*) FROM affiliation WHERE tenant_id = ? AND kind = 'MEMBER'", t)).isEqualTo(10);
        assertThat(count("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action LIKE 'member.%'", t)).isEqualTo(1);
        assertThat(scope.call(t, audit::verify)).as("the chain after bulk work").isEmpty();
    }

    @Test
    void aMemberFileThatIsNotUtf8IsRefusedAtItsLineAndNothingIsStored() {
        String t = newCmo();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("ref,name\nm1,Ann\n".getBytes(StandardCharsets.UTF_8));
        file.writeBytes("m2,Jos\u00e9 Latin\n".getBytes(StandardCharsets.ISO_8859_1));
        file.writeBytes("m3,Cy\n".getBytes(StandardCharsets.UTF_8));

        Response api = importCsv(t, file.toByteArray());
        api.then().statusCode(422).contentType("application/problem+json");
        assertThat(api.jsonPath().getList("errors.where", String.class)).containsExactly("members.csv line 3");
        assertThat(api.jsonPath().getString("errors[0].message")).contains("UTF-8", "0xE9");

        Response page = given().auth().oauth2(DevTokens.of("nadia")).redirects().follow(false)
                .cookie("csrf-token", CSRF).header("X-CSRF-TOKEN", CSRF)
                .multiPart("file", "members.csv", file.toByteArray(), "text/csv").post("/t/" + t + "/admin/members/import");
        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.asString()).contains("members.csv line 3");
        assertThat(count("SELECT count(*) FROM member WHERE tenant_id = ?", t)).isZero();
    }

    @Test
    void aRefWithANoBreakSpaceAtItsEdgeIsRefusedAlikeByMembersAndUsage() {
        String t = newCmo();
        String ref = "zo\u00eb\u00a0";
        Response single = given().auth().oauth2(DevTokens.of("nadia")).contentType("application/json")
                .body(Map.of("ref", ref, "name", "Zo\u00eb")).post("/api/v1/tenants/" + t + "/members");
        single.then().statusCode(422);
        Response imported = importCsv(t, ("ref,name\nok,Fine\n" + ref + ",Zo\u00eb\n").getBytes(StandardCharsets.UTF_8));
        imported.then().statusCode(422);
        assertThat(imported.jsonPath().getString("errors[0].where")).isEqualTo("members.csv line 3 ref");

        Organisations.ensure("acme-ai", "Acme AI", "bruno");
        Organisations.license("nadia", t, "acme-ai");
        given().auth().oauth2(DevTokens.of("nadia")).contentType("application/json").body(Map.of("label", "2026-Q1"))
                .post("/api/v1/tenants/" + t + "/periods").then().statusCode(201);
        Response usage = given().auth().oauth2(DevTokens.of("bruno"))
                .multiPart("filing", "filing.json", """
                        {"model": "m", "currency": "USD", "revenue": "10.00", "servingCost": "1.00",
                         "postTrainingCost": "1.00", "dataValueShare": "0.30", "mixtureWeights": {"news": "1"}}"""
                        .getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("usage", "usage.csv", ("category,member_ref,units\nnews," + ref + ",3\n").getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/tenants/" + t + "/periods/2026-Q1/filings");
        usage.then().statusCode(422);
        assertThat(usage.jsonPath().getString("errors[0].where")).isEqualTo("usage.csv line 2");

        // one rule, one message: the same words whether the ref comes as a member or in usage
        String rule = usage.jsonPath().getString("errors[0].message");
        assertThat(single.jsonPath().getString("errors[0].message")).isEqualTo(rule);
        assertThat(imported.jsonPath().getString("errors[0].message")).isEqualTo(rule);
        assertThat(count("SELECT count(*) FROM member WHERE tenant_id = ?", t)).isZero();
    }

    @Test
    void aNameWithAControlCharacterIsRefusedWhereItIs() {
        String t = newCmo();
        given().auth().oauth2(DevTokens.of("nadia")).contentType("application/json")
                .body(Map.of("ref", "m1", "name", "Bell\u0007")).post("/api/v1/tenants/" + t + "/members")
                .then().statusCode(422);
        Response imported = importCsv(t, "ref,name\nm1,Ann\nm2,\"Tab\tName\"\n".getBytes(StandardCharsets.UTF_8));
        imported.then().statusCode(422);
        assertThat(imported.jsonPath().getString("errors[0].where")).isEqualTo("members.csv line 3 name");
        assertThat(imported.jsonPath().getString("errors[0].message")).contains("U+0009");
        assertThat(count("SELECT count(*) FROM member WHERE tenant_id = ?", t)).isZero();
    }

    @Test
    void everyProblemIsListedWithItsLineAndNothingIsStored() {
        String t = newCmo();
        Response r = importCsv(t, "ref,name\nm1,Ann\nm2,Ben\nm1,Ann Again\nm3\n,Nobody\n".getBytes(StandardCharsets.UTF_8));
        r.then().statusCode(422);
        assertThat(r.jsonPath().getList("errors.where", String.class))
                .contains("members.csv line 5", "members.csv line 6 ref", "members.csv line 4");
        assertThat(r.jsonPath().getString("errors.find { it.where == 'members.csv line 4' }.message")).contains("line 2");
        assertThat(count("SELECT count(*) FROM member WHERE tenant_id = ?", t)).isZero();
        assertThat(count("SELECT count(*) FROM audit_event WHERE tenant_id = ? AND action LIKE 'member.%'", t)).isZero();
    }

    /** A CMO of the test's own with nadia as its administrator. */
    private static String newCmo() {
        String slug = Unique.name("mi");
        given().auth().oauth2(DevTokens.of("olivia")).contentType("application/json")
                .body(Map.of("slug", slug, "name", "Import CMO", "currency", "USD", "adminFeeRate", "0.1",
                        "categories", List.of(Map.of("key", "news"))))
                .post("/api/v1/tenants").then().statusCode(201);
        given().auth().oauth2(DevTokens.of("olivia")).contentType("application/json").body(Map.of("username", "nadia"))
                .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
        return slug;
    }

    private static Response importCsv(String tenant, byte[] csv) {
        return given().auth().oauth2(DevTokens.of("nadia")).contentType("text/csv").body(csv)
                .post("/api/v1/tenants/" + tenant + "/members");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private long count(String sql, Object... params) {
        return Long.parseLong(strings(sql, params).get(0));
    }

    /** The first column of every row, read as the schema owner (no row-level security in the way). */
    private List<String> strings(String sql, Object... params) {
        try (Connection c = owner.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
