package org.cmoportal.valuation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Html;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The scaling-law calculator: its API (api.md) and its page with the htmx results and the SVG chart. */
@QuarkusTest
class ValuationPagesTest {

    static final String SIZES = "\"model\": {\"N\": 70e9, \"D\": 1.4e12}, \"baseline\": {\"N0\": 7e9, \"D0\": 1.4e11}";

    /** The calculator's query for Chinchilla against a tenth of it. */
    static final String QUERY = "?fit.preset=%s&model.N=70e9&model.D=1.4e12&baseline.N0=7e9&baseline.D0=1.4e11";

    static Response post(String who, String body) {
        return given().auth().oauth2(DevTokens.of(who)).contentType(ContentType.JSON).body(body).post("/api/v1/valuation/scaling-law");
    }

    @Test
    void theApiAnswersTheShareOfEachFit() {
        Response hoffmann = post("eva", "{\"fit\": {\"preset\": \"hoffmann-2022\"}, " + SIZES + "}");
        hoffmann.then().statusCode(200)
                .body("dataValueShare", org.hamcrest.Matchers.is("0.598362"))
                .body("sha256", org.hamcrest.Matchers.is("9e92ea401f442362f6bd7197a6be64e289c63b0d765a8df23bca9d3db97df079"))
                .body("description", org.hamcrest.Matchers.is("scaling-law valuation 0.598362 (Hoffmann 2022 fit, baseline N/10, D/10)"));
        // JSON numbers, read back as doubles (RestAssured reads floats by default)
        io.restassured.path.json.JsonPath json = hoffmann.jsonPath(io.restassured.path.json.config.JsonPathConfig.jsonPathConfig()
                .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
        assertThat(json.getDouble("phiData")).isEqualTo(410.7 * (Math.pow(1.4e11, -0.28) - Math.pow(1.4e12, -0.28)),
                org.assertj.core.data.Offset.offset(1e-15));
        assertThat(json.getDouble("phiParams")).isEqualTo(406.4 * (Math.pow(7e9, -0.34) - Math.pow(70e9, -0.34)),
                org.assertj.core.data.Offset.offset(1e-15));
        assertThat(json.getDouble("fit.alpha")).isEqualTo(0.34);
        assertThat(json.getDouble("model.N")).isEqualTo(7e10);
        assertThat(json.getDouble("baseline.D0")).isEqualTo(1.4e11);
        post("nadia", "{\"fit\": {\"preset\": \"besiroglu-2024\"}, " + SIZES + "}").then().statusCode(200)
                .body("dataValueShare", org.hamcrest.Matchers.is("0.498356"));
        post("bruno", "{\"fit\": {\"E\": 1.8172, \"A\": 482.01, \"alpha\": 0.3478, \"B\": 2085.43, \"beta\": 0.3658}, " + SIZES + "}")
                .then().statusCode(200).body("dataValueShare", org.hamcrest.Matchers.is("0.498356"))
                .body("method", org.hamcrest.Matchers.is("own"));
    }

    @Test
    void theApiLocatesEveryBadInput() {
        Response bad = post("eva", "{\"fit\": {\"E\": 0, \"A\": \"406.4\", \"alpha\": 1.2, \"B\": 410.7, \"beta\": 0},"
                + " \"model\": {\"N\": -7e10, \"D\": 1.4e12}, \"baseline\": {\"N0\": 7e9}}");
        bad.then().statusCode(422).contentType("application/problem+json");
        assertThat(bad.<List<String>>path("errors.where"))
                .containsExactlyInAnyOrder("fit.E", "fit.A", "fit.alpha", "fit.beta", "model.N", "baseline.D0");
        assertThat(bad.<List<String>>path("errors.message")).allSatisfy(m -> assertThat(m).isNotBlank());

        Response above = post("eva", "{\"fit\": {\"preset\": \"hoffmann-2022\"}, \"model\": {\"N\": 7e9, \"D\": 1.4e11},"
                + " \"baseline\": {\"N0\": 7e10, \"D0\": 1.4e12}}");
        above.then().statusCode(422);
        assertThat(above.<List<String>>path("errors.where")).containsExactly("baseline.N0", "baseline.D0");
        post("eva", "{\"fit\": {\"preset\": \"hoffmann-2022\"}, \"model\": {\"N\": 7e9, \"D\": 1e12}, \"baseline\": {\"N0\": 7e9, \"D0\": 1e12}}")
                .then().statusCode(422).body("errors[0].where", org.hamcrest.Matchers.is("baseline"));
        post("eva", "{\"fit\": {\"preset\": \"chinchilla\"}, " + SIZES + "}").then().statusCode(422)
                .body("errors[0].where", org.hamcrest.Matchers.is("fit.preset"));
        post("eva", "").then().statusCode(422).body("errors[0].where", org.hamcrest.Matchers.is("body"));
    }

    @Test
    void membersAndTheOperatorCannotComputeAndStrangersMustSignIn() {
        post("alice", "{\"fit\": {\"preset\": \"hoffmann-2022\"}, " + SIZES + "}").then().statusCode(403)
                .contentType("application/problem+json");
        post("olivia", "{\"fit\": {\"preset\": \"hoffmann-2022\"}, " + SIZES + "}").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/valuation/scaling-law").then().statusCode(401);
        DevTokens.as("alice").get("/valuation/scaling-law").then().statusCode(403);
        for (String who : List.of("eva", "nadia", "bruno")) {
            DevTokens.as(who).get("/valuation/scaling-law").then().statusCode(200);
        }
    }

    @Test
    void thePageOpensWithAnExampleAndHtmxGetsTheResultsAlone() throws Exception {
        String page = DevTokens.as("eva").get("/valuation/scaling-law").then().statusCode(200).extract().asString();
        assertThat(page).contains("<html").contains("id=\"valuation-form\"").contains("hx-get=\"/valuation/scaling-law\"")
                .contains("hx-target=\"#valuation-result\"").doesNotContain("hx-push-url").doesNotContain("style=");
        assertThat(page).contains("id=\"valuation-share\">0.598362<");

        String fragment = DevTokens.as("nadia").header("HX-Request", "true").header("HX-Target", "valuation-result")
                .get("/valuation/scaling-law" + QUERY.formatted("besiroglu-2024")).then().statusCode(200).extract().asString();
        assertThat(fragment).doesNotContain("<html").doesNotContain("aria-label=\"Main\"").contains("0.498356");
        Document svg = svg(fragment);
        Element root = svg.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 680 300");
        NodeList curves = root.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
        assertThat(curves.getLength()).as("a slice against D and one against N").isEqualTo(2);
        for (int i = 0; i < curves.getLength(); i++) {
            for (String point : ((Element) curves.item(i)).getAttribute("points").split(" ")) {
                String[] xy = point.split(",");
                assertThat(Integer.parseInt(xy[0])).isBetween(0, 680);
                assertThat(Integer.parseInt(xy[1])).isBetween(0, 300);
            }
        }
        NodeList marks = root.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle");
        assertThat(marks.getLength()).as("the baseline and the model in each slice").isEqualTo(4);
        assertThat(root.getTextContent()).contains("baseline").contains("model").contains("φ data").contains("φ params");

        // the same address, loaded plainly, is the whole page with the typed values
        String whole = DevTokens.as("bruno").get("/valuation/scaling-law" + QUERY.formatted("besiroglu-2024")).then().statusCode(200)
                .extract().asString();
        assertThat(whole).contains("<html").contains("0.498356");
        assertThat(Html.inputValue(whole, "model.N")).contains("70e9");
    }

    @Test
    void badNumbersAreShownWhereTheyAre() {
        String fragment = DevTokens.as("eva").header("HX-Request", "true").header("HX-Target", "valuation-result")
                .get("/valuation/scaling-law?fit.preset=own&fit.E=1.69&fit.A=406.4&fit.alpha=0&fit.B=410.7&fit.beta=0.28"
                        + "&model.N=seventy&model.D=1.4e12&baseline.N0=7e9&baseline.D0=1.4e13")
                .then().statusCode(200).extract().asString();
        assertThat(Html.text(fragment)).contains("fit.alpha").contains("model.N").contains("'seventy' is not a number")
                .contains("baseline.D0").doesNotContain("<svg");
        String whole = DevTokens.as("eva").get("/valuation/scaling-law?fit.preset=own&fit.E=1.69&fit.A=406.4&fit.alpha=0"
                + "&fit.B=410.7&fit.beta=0.28&model.N=7e10&model.D=1.4e12&baseline.N0=7e9&baseline.D0=1.4e11").then().statusCode(200)
                .extract().asString();
        assertThat(whole).containsPattern("name=\"fit.alpha\"[^>]*aria-invalid=\"true\"");
    }

    @Test
    void anEvaluatorComingFromAFilingGetsTheWayBack() {
        String query = QUERY.formatted("hoffmann-2022") + "&tenant=newsguild&filing=42";
        String eva = DevTokens.as("eva").get("/valuation/scaling-law" + query).then().statusCode(200).extract().asString();
        assertThat(Html.text(eva)).contains("Attach this valuation to your attestation of filing 42")
                .contains("/t/newsguild/evaluator/filings/42?fit.preset=hoffmann-2022");
        String admin = DevTokens.as("nadia").get("/valuation/scaling-law" + query).then().statusCode(200).extract().asString();
        assertThat(admin).doesNotContain("Attach this valuation");
    }

    /** The fragment's SVG, parsed as XML: well formed, in the SVG namespace. */
    static Document svg(String html) throws Exception {
        int start = html.indexOf("<svg");
        int end = html.indexOf("</svg>") + "</svg>".length();
        assertThat(start).as("an <svg> in the answer").isNotNegative();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(html.substring(start, end))));
    }
}
