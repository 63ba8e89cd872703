package org.cmoportal.verification;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.stream.Collectors;

/**
 * How a filing compares with the same builder's filings of the same model and period in other CMOs:
 * how many there are and which figures differ. It never holds another CMO's name, value or digest.
 */
public record SiblingCheck(int siblings, List<Figure> differing) {

    public static final SiblingCheck NONE = new SiblingCheck(0, List.of());

    @JsonProperty
    public boolean inconsistent() {
        return !differing.isEmpty();
    }

    /** "filed differently with another CMO: the operating profit differs", or null when consistent. */
    @JsonProperty
    public String message() {
        if (differing.isEmpty()) {
            return null;
        }
        List<String> phrases = differing.stream().map(f -> f.phrase).toList();
        String joined = phrases.size() == 1 ? phrases.get(0)
                : phrases.subList(0, phrases.size() - 1).stream().collect(Collectors.joining(", "))
                        + " and " + phrases.get(phrases.size() - 1);
        return "filed differently with another CMO: " + joined + (phrases.size() == 1 ? " differs" : " differ");
    }
}
