package org.cmoportal.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cmoportal.error.Problem;

/**
 * A refused form as its page needs it to show it again: which form, every problem (a refusal that names none is one
 * problem at the form's {@code where}), the text fields as typed and the path parameters of the POST.
 */
public record Refusal(String form, List<Problem> problems, Map<String, List<String>> typed, Map<String, String> path) {

    /** A field as typed, or empty when it was not sent: templates show it back in the input. */
    public String typed(String field) {
        List<String> values = typed.get(field);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    /** Every value of a repeated field, in the order sent. */
    public List<String> typedAll(String field) {
        return typed.getOrDefault(field, List.of());
    }

    /** The named fields as typed, for a template's form map. */
    public Map<String, String> typedFields(String... fields) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String f : fields) {
            values.put(f, typed(f));
        }
        return values;
    }

    /** A path parameter of the refused POST ({@code tenant}, {@code period}, ...). */
    public String path(String param) {
        return path.get(param);
    }
}
