package dev.punctual.sample.http;

/** The ways the app makes an HTTP call, named as on the command line ({@code --client}). */
enum ClientKind {
    SEND("send"),
    ASYNC("async"),
    ASYNC_PUSH("async-push"),
    URL("url"),
    STREAM("stream"),
    CONTENT("content");

    final String text;

    ClientKind(String text) {
        this.text = text;
    }

    static ClientKind named(String text) {
        for (ClientKind kind : values()) {
            if (kind.text.equals(text)) {
                return kind;
            }
        }
        return null;
    }

    boolean usesHttpClient() {
        return this == SEND || this == ASYNC || this == ASYNC_PUSH;
    }
}
