package dev.punctual.agent.config;

/** Which gRPC streaming calls get a default deadline besides unary ones (punctual.grpc.streaming). */
public enum GrpcStreaming {
    /** Unary calls only: a stream may rightly live for hours. */
    NONE,
    /** Also server-streaming calls. */
    SERVER,
    /** Every call. */
    ALL
}
