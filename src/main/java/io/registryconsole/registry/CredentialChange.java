package io.registryconsole.registry;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * What a write says about the credential. In JSON: {@code "credential": {...}} sets it, {@code "credential": null}
 * removes it (anonymous), and leaving the field out keeps the stored one. In Java the same three cases are
 * {@link #set}, {@link #remove()} and a {@code null} CredentialChange.
 */
@JsonDeserialize(using = CredentialChange.Reader.class)
public record CredentialChange(CredentialRequest credential) {

    private static final CredentialChange REMOVE = new CredentialChange(null);

    public static CredentialChange set(CredentialRequest credential) {
        return new CredentialChange(credential);
    }

    public static CredentialChange remove() {
        return REMOVE;
    }

    public boolean removes() {
        return credential == null;
    }

    /** Tells an explicit JSON null (remove) from a missing field (keep: the record component stays null). */
    static final class Reader extends ValueDeserializer<CredentialChange> {

        @Override
        public CredentialChange deserialize(JsonParser parser, DeserializationContext context) {
            return set(context.readValue(parser, CredentialRequest.class));
        }

        @Override
        public CredentialChange getNullValue(DeserializationContext context) {
            return REMOVE;
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }
    }
}
