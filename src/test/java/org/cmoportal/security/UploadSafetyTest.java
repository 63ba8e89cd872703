package org.cmoportal.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.page;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** Uploads are bounded in size, checked for content, and a file's name never becomes a path. */
@QuarkusTest
class UploadSafetyTest {

    @Test
    void aMemberImportOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
        for (String path : new String[] {"/t/newsguild/admin/members/import", "/api/v1/tenants/newsguild/members"}) {
            String status = declareOnly(path, 200L << 20);
            assertThat(status).as(path).contains(" 413 ");
        }
    }

    @Test
    void aFilingUploadOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
        String status = declareOnly("/api/v1/tenants/newsguild/periods/2026-Q3/filings", 3L << 30);
        assertThat(status).contains(" 413 ");
    }

    @Test
    void aFileNameWithDirectoriesNeverReachesTheFileSystem() throws IOException {
        String name = Unique.name("traversal") + ".csv";
        String hostile = "../../../../../../../../tmp/" + name;
        String csv = "ref,name,username\n" + Unique.name("r") + ",Traversal Test,\n";

        Response page = page("nadia").multiPart("file", hostile, csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/t/newsguild/admin/members/import");
        assertThat(page.statusCode()).isIn(303, 422);
        Response filing = page("bruno")
                .multiPart("filing", hostile + ".json", "{}".getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("usage", hostile, "category,member_ref,units\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/t/newsguild/periods/2026-Q3/filings/upload");
        assertThat(filing.statusCode()).isLessThan(500);

        for (Path root : new Path[] {Path.of(System.getProperty("java.io.tmpdir")), Path.of("").toAbsolutePath(), Path.of("/tmp")}) {
            try (Stream<Path> files = Files.walk(root, 4)) {
                assertThat(files.filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith(name.replace(".csv", ""))))
                        .as("files named after the upload under " + root).isEmpty();
            } catch (java.io.UncheckedIOException e) {
                // a directory we may not read is not one the portal wrote to
            }
        }
    }

    @Test
    void aBinaryMemberFileIsRefusedWithAMessageAndNothingStored() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', (byte) 0xff, (byte) 0xfe};
        Response page = page("nadia").multiPart("file", "members.csv", png, "text/csv").post("/t/newsguild/admin/members/import");
        assertThat(page.statusCode()).isEqualTo(422);
        assertThat(page.asString()).contains("members.csv").doesNotContain("Exception");

        Response api = given().auth().oauth2(DevTokens.of("nadia")).contentType("text/csv").body(png)
                .post("/api/v1/tenants/newsguild/members");
        assertThat(api.statusCode()).isEqualTo(422);
        assertThat(api.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aUsageFileThatIsNotUtf8TextIsRefused() {
        byte[] latin1 = "category,member_ref,units\nnews,Jos\u00e9,3\n".getBytes(StandardCharsets.ISO_8859_1);
        Response r = given().auth().oauth2(DevTokens.of("bruno"))
                .multiPart("filing", "filing.json", """
                        {"model": "m", "period": "2026-Q3", "currency": "USD", "revenue": "10.00", "servingCost": "1.00",
                         "postTrainingCost": "1.00", "dataValueShare": "0.30", "mixtureWeights": {"news": "1"}}"""
                        .getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("usage", "usage.csv", latin1, "text/csv")
                .post("/api/v1/tenants/newsguild/periods/2026-Q3/filings");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.asString()).contains("usage.csv").contains("UTF-8");
    }
    /** Sends only the headers of a POST that declares {@code length} bytes, and returns the status line. */
    private static String declareOnly(String path, long length) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + DevTokens.of("nadia")
                    + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
