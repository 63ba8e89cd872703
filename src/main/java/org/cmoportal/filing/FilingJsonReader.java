package org.cmoportal.filing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cmoportal.error.Problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads {@code filing.json} (api.md, "The filing") into a {@link FilingDocument}, reporting syntax errors with
 * their line and column and every field of the wrong shape. Values stay text; their meaning is checked later.
 */
public final class FilingJsonReader {

    static final String FILE = "filing.json";
    /** A filing is a few hundred bytes; anything far larger is not one. */
    public static final int MAX_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> FIELDS = Set.of("model", "period", "currency", "revenue", "servingCost",
            "postTrainingCost", "dataValueShare", "mixtureWeights", "attestation");
    private static final Set<String> ATTESTATION_FIELDS = Set.of("evaluator", "reference", "sha256");

    /** The document, or null when the JSON could not be read at all; and the problems found. */
    public record Parsed(FilingDocument document, List<Problem> problems) {
    }

    private FilingJsonReader() {
    }

    public static Parsed read(byte[] bytes) {
        List<Problem> problems = new ArrayList<>();
        if (bytes == null) {
            problems.add(new Problem(FILE, "missing; attach the filing as JSON (see the format in the API documentation)"));
            return new Parsed(null, problems);
        }
        if (bytes.length > MAX_BYTES) {
            problems.add(new Problem(FILE, "the file has " + bytes.length + " bytes; a filing is at most " + MAX_BYTES
                    + " bytes (the usage lines belong in usage.csv)"));
            return new Parsed(null, problems);
        }
        if (bytes.length == 0) {
            problems.add(new Problem(FILE, "the file is empty; it must hold one JSON object with the filing's fields"));
            return new Parsed(null, problems);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            problems.add(new Problem(FILE, where + e.getOriginalMessage().lines().findFirst().orElse("")
                    + "; correct the JSON syntax (double quotes around names and values, commas between fields, matching braces)"));
            return new Parsed(null, problems);
        } catch (IOException e) {
            problems.add(new Problem(FILE, "could not be read as UTF-8 JSON; save it as UTF-8"));
            return new Parsed(null, problems);
        }
        if (root == null || !root.isObject()) {
            problems.add(new Problem(FILE, "must be one JSON object, like {\"model\": \"acme-llm-7\", ...}"));
            return new Parsed(null, problems);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("builder")) {
                problems.add(new Problem(name, "the builder is your organisation, taken from your sign-in; remove this field"));
            } else if (!FIELDS.contains(name)) {
                problems.add(new Problem(name, "unknown field; the fields are " + String.join(", ", ordered(FIELDS))));
            }
        }
        Map<String, String> weights = null;
        JsonNode mixture = root.get("mixtureWeights");
        if (mixture != null && !mixture.isNull()) {
            if (!mixture.isObject()) {
                problems.add(new Problem("mixtureWeights", "must be an object of category to weight, like {\"news\": \"0.25\", \"other\": \"0.75\"}"));
            } else {
                weights = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = mixture.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    weights.put(e.getKey(), text(e.getValue(), "mixtureWeights." + e.getKey(), "\"0.25\"", problems));
                }
            }
        }
        FilingDocument.Attestation attestation = null;
        JsonNode att = root.get("attestation");
        if (att != null && !att.isNull()) {
            if (!att.isObject()) {
                problems.add(new Problem("attestation", "must be an object: {\"evaluator\": ..., \"reference\": ..., \"sha256\": ...}"));
            } else {
                for (Iterator<String> names = att.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!ATTESTATION_FIELDS.contains(name)) {
                        problems.add(new Problem("attestation." + name, "unknown field; the fields are evaluator, reference, sha256"));
                    }
                }
                attestation = new FilingDocument.Attestation(text(att.get("evaluator"), "attestation.evaluator", "\"Example Evals\"", problems),
                        text(att.get("reference"), "attestation.reference", "\"report-2026-117\"", problems),
                        text(att.get("sha256"), "attestation.sha256", "the report's SHA-256 in hex", problems));
            }
        }
        FilingDocument doc = new FilingDocument(
                text(root.get("model"), "model", "\"acme-llm-7\"", problems),
                text(root.get("period"), "period", "\"2026-Q3\"", problems),
                text(root.get("currency"), "currency", "\"USD\"", problems),
                text(root.get("revenue"), "revenue", "\"1250000.00\"", problems),
                text(root.get("servingCost"), "servingCost", "\"400000.00\"", problems),
                text(root.get("postTrainingCost"), "postTrainingCost", "\"100000.00\"", problems),
                text(root.get("dataValueShare"), "dataValueShare", "\"0.30\"", problems),
                weights, attestation);
        return new Parsed(doc, problems);
    }

    /** A field's text, or null when absent; numbers and other shapes are reported (amounts are strings, exactly). */
    private static String text(JsonNode node, String where, String example, List<Problem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        String hint = node.isNumber() ? "give the number as a string in quotes, like " + example
                + ", so that no digit is lost" : "must be a string, like " + example;
        problems.add(new Problem(where, hint));
        return null;
    }

    private static List<String> ordered(Set<String> fields) {
        return List.of("model", "period", "currency", "revenue", "servingCost", "postTrainingCost", "dataValueShare",
                "mixtureWeights", "attestation").stream().filter(fields::contains).toList();
    }
}
