package org.cmoportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cmoportal.security.RouteCatalog.Route;
import org.cmoportal.web.Routes;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Every address {@link Routes} writes is one the application serves, and no slug can reach outside its segment. */
@QuarkusTest
class RoutesTest {

    @Test
    void everyAddressIsARouteOfTheRoutingTable() throws Exception {
        List<Pattern> served = RouteCatalog.discover().stream().map(RoutesTest::pattern).toList();
        List<String> unserved = new ArrayList<>();
        int addresses = 0;
        for (Method m : Routes.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || m.getReturnType() != String.class) {
                continue;
            }
            Object[] args = new Object[m.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                Class<?> type = m.getParameterTypes()[i];
                args[i] = type == String.class ? "slug-" + i : type == long.class ? 7L + i : (Object) (1 + i);
            }
            String address = ((String) m.invoke(null, args)).replaceAll("\\?.*", "");
            addresses++;
            if (served.stream().noneMatch(p -> p.matcher(address).matches())) {
                unserved.add(m.getName() + " -> " + address);
            }
        }
        assertThat(addresses).isGreaterThan(20);
        assertThat(unserved).as("addresses no route serves").isEmpty();
    }

    @Test
    void eachSlugAndLabelIsOneEncodedSegment() {
        assertThat(Routes.periodBoard("news guild", "2026/Q3?x=1#top")).isEqualTo("/t/news%20guild/admin/periods/2026%2FQ3%3Fx%3D1%23top");
        assertThat(Routes.filing("newsguild", "2026-Q3", 42)).isEqualTo("/t/newsguild/periods/2026-Q3/filings/42");
        assertThat(Routes.withNotice(Routes.adminHome("newsguild"), "period opened")).hasToString("/t/newsguild/admin?notice=period+opened");
    }

    /** A route's template as a pattern over concrete paths: each parameter is one segment. */
    private static Pattern pattern(Route route) {
        Matcher param = RouteCatalog.PARAM.matcher(route.template());
        StringBuilder regex = new StringBuilder();
        int at = 0;
        while (param.find()) {
            regex.append(Pattern.quote(route.template().substring(at, param.start()))).append("[^/]+");
            at = param.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(route.template().substring(at))).toString());
    }
}
