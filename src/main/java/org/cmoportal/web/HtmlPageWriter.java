package org.cmoportal.web;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;

import io.quarkus.qute.TemplateInstance;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Writes rendered pages as UTF-8 bytes encoded by the JDK, which copies a page of ASCII in one go.
 *
 * <p>The built-in writer hands the page to Netty as a String, which encodes it one character at a time:
 * for a statement page of about 37 KB that was a sixth of the request's CPU under load
 * ({@code bench/statements.sh}, docs/performance.md).
 */
@Provider
@Produces(MediaType.TEXT_HTML)
public class HtmlPageWriter implements ServerMessageBodyWriter<Object> {

    /**
     * A resource method returns a {@link TemplateInstance}; the writer for it is chosen by that type when the
     * app starts, and by the time it writes, quarkus-rest-qute has rendered it into a String.
     */
    private static boolean isPage(Class<?> type) {
        return type == String.class || TemplateInstance.class.isAssignableFrom(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target, MediaType mediaType) {
        return isPage(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isPage(type);
    }

    @Override
    public void writeResponse(Object page, Type genericType, ServerRequestContext context) {
        context.serverResponse().end(page.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void writeTo(Object page, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException {
        entityStream.write(page.toString().getBytes(StandardCharsets.UTF_8));
    }
}
