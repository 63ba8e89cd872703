package org.cmoportal.preference;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A member's AI preferences through the API (api.md {@code PUT .../members/{ref}/preferences}): the member holding
 * the ref or an administrator; anyone else's member answers 404.
 */
@Path("/api/v1/tenants/{tenant}/members/{ref}/preferences")
@Produces(MediaType.APPLICATION_JSON)
@TenantAccess({Party.MEMBER, Party.ADMIN})
public class PreferenceApi {

    /** The answer: every category of the CMO with both values and, once set, since when. */
    public record PreferencesJson(String ref, Map<String, Map<String, Object>> categories) {

        static PreferencesJson of(Preferences.MemberPreferences p) {
            Map<String, Map<String, Object>> categories = new LinkedHashMap<>();
            for (Preferences.CategoryPreference c : p.categories()) {
                Map<String, Object> values = new LinkedHashMap<>();
                values.put(AiUse.TRAIN_AI, c.trainAi());
                values.put(AiUse.SEARCH, c.search());
                values.put("since", c.since() == null ? null : c.since().toString());
                categories.put(c.key(), values);
            }
            return new PreferencesJson(p.ref(), categories);
        }
    }

    @Inject
    Preferences preferences;

    @GET
    public PreferencesJson get(@PathParam("ref") String ref) {
        return PreferencesJson.of(preferences.of(ref));
    }

    /**
     * {@code {categories: {news: {"train-ai": false, "search": true}}}}: the categories named are set (a value left out
     * stays as it is; {@code since}, as the answer carries it, is ignored), the others stay as they are.
     */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public PreferencesJson put(@PathParam("ref") String ref, JsonNode body) {
        // who may act on the ref first: another member's ref is 404 whatever the body says
        preferences.of(ref);
        return PreferencesJson.of(preferences.set(ref, choices(body)));
    }

    /** The body's choices, every problem located; JSON booleans only, the vocabulary's two keys only. */
    static Map<String, Preferences.Choice> choices(JsonNode body) {
        List<Problem> problems = new ArrayList<>();
        JsonNode categories = body == null ? null : body.get("categories");
        if (categories == null || !categories.isObject()) {
            throw DomainException.invalid("categories", "send {\"categories\": {\"<category>\": {\"" + AiUse.TRAIN_AI
                    + "\": true or false, \"" + AiUse.SEARCH + "\": true or false}}}");
        }
        Map<String, Preferences.Choice> choices = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = categories.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "categories." + e.getKey();
            JsonNode values = e.getValue();
            if (!values.isObject()) {
                problems.add(new Problem(where, "give an object {\"" + AiUse.TRAIN_AI + "\": true or false, \"" + AiUse.SEARCH
                        + "\": true or false}"));
                continue;
            }
            for (Iterator<String> names = values.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!name.equals(AiUse.TRAIN_AI) && !name.equals(AiUse.SEARCH) && !name.equals("since")) {
                    problems.add(new Problem(where + "." + name, "not a preference; use \"" + AiUse.TRAIN_AI + "\" or \""
                            + AiUse.SEARCH + "\""));
                }
            }
            choices.put(e.getKey(), new Preferences.Choice(flag(values, AiUse.TRAIN_AI, where, problems),
                    flag(values, AiUse.SEARCH, where, problems)));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        return choices;
    }

    private static Boolean flag(JsonNode values, String name, String where, List<Problem> problems) {
        JsonNode v = values.get(name);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            problems.add(new Problem(where + "." + name, "use true (allowed) or false (not allowed), without quotes"));
            return null;
        }
        return v.booleanValue();
    }
}
