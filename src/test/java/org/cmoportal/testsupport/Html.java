package org.cmoportal.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.nodes.Element;

/** Just enough HTML reading for page tests: the text as a person reads it, and form values. */
public final class Html {

    private Html() {
    }

    /** The page with Qute's escapes undone, so tests can look for "Press & News Guild". */
    public static String text(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&amp;", "&");
    }

    /** The value of the first input named {@code name}, if the page has one. */
    public static Optional<String> inputValue(String html, String name) {
        Matcher m = Pattern.compile("<input[^>]*name=[\"']" + Pattern.quote(name) + "[\"'][^>]*value=[\"']([^\"']*)[\"']")
                .matcher(html);
        return m.find() ? Optional.of(text(m.group(1))) : Optional.empty();
    }

    /** The figures at the top of a page or of one of its sections (its {@code .stats}), value by label, as shown. */
    public static Map<String, String> figures(Element page) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element stat : page.select(".stats .stat")) {
            out.put(stat.select(".label").text(), stat.select(".value").text());
        }
        return out;
    }
}
