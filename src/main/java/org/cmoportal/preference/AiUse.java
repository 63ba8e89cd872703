package org.cmoportal.preference;

/**
 * What a member allows in one category, in the vocabulary of the IETF AI preferences work (aipref): the usage
 * categories {@code train-ai} (training AI models) and {@code search} (search applications), each {@code y} or
 * {@code n}. No preference set means both are allowed.
 */
public record AiUse(boolean trainAi, boolean search) {

    public static final String TRAIN_AI = "train-ai";
    public static final String SEARCH = "search";

    /** Both allowed: the state of a member who has said nothing. */
    public static final AiUse ALLOWED = new AiUse(true, true);

    /** Whether anything is refused, so the CMO publishes it as an opt-out. */
    public boolean optsOut() {
        return !trainAi || !search;
    }

    /**
     * The preference as an aipref usage preference expression (a Structured Fields dictionary, as in the
     * {@code Content-Usage} header): {@code train-ai=n, search=y}.
     */
    public String expression() {
        return TRAIN_AI + "=" + yn(trainAi) + ", " + SEARCH + "=" + yn(search);
    }

    static String yn(boolean allowed) {
        return allowed ? "y" : "n";
    }
}
