package org.cmoportal.filing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * The parts of a multipart filing upload, whether a part arrived as a file (written to disk by the server) or as a
 * plain form value. File parts are read as streams, never whole into memory.
 */
public final class FilingParts {

    private final MultipartFormDataInput input;

    public FilingParts(MultipartFormDataInput input) {
        this.input = input;
    }

    private FormValue first(String name) {
        Collection<FormValue> values = input == null ? null : input.getValues().get(name);
        return values == null || values.isEmpty() ? null : values.iterator().next();
    }

    /** A plain text field, or null. */
    public String text(String name) {
        FormValue v = first(name);
        return v == null || v.isFileItem() ? null : v.getValue();
    }

    /** All values of a repeated text field, in order. */
    public List<String> texts(String name) {
        Collection<FormValue> values = input == null ? null : input.getValues().get(name);
        return values == null ? List.of() : values.stream().filter(v -> !v.isFileItem()).map(FormValue::getValue).toList();
    }

    /** A small part's bytes (the filing JSON), or null when absent; at most {@code limit + 1} bytes are read. */
    public byte[] bytes(String name, int limit) throws IOException {
        FilingService.UsageUpload part = stream(name);
        if (part == null) {
            return null;
        }
        try (InputStream in = part.open()) {
            return in.readNBytes(limit + 1);
        }
    }

    /** A part as a stream; null when absent, or when a browser sent an empty file input (no file chosen). */
    public FilingService.UsageUpload stream(String name) throws IOException {
        FormValue v = first(name);
        if (v == null) {
            return null;
        }
        if (!v.isFileItem()) {
            byte[] bytes = v.getValue().getBytes(StandardCharsets.UTF_8);
            return upload(bytes.length, () -> new ByteArrayInputStream(bytes));
        }
        long size = v.getFileItem().getFileSize();
        if (size == 0 && (v.getFileName() == null || v.getFileName().isEmpty())) {
            return null;
        }
        return upload(size, () -> v.getFileItem().getInputStream());
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private static FilingService.UsageUpload upload(long size, Opener opener) {
        return new FilingService.UsageUpload() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return opener.open();
            }
        };
    }
}
