package dev.seclens.server.lsp;

import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;

/**
 * What LSP4J leaves to the server, between the streams and the endpoint: outgoing messages go
 * through an {@link OutgoingMessages} queue, and the lifecycle is enforced as the protocol says:
 * before {@code initialize} requests are answered with {@code ServerNotInitialized} (-32002) and
 * notifications other than {@code exit} are dropped; a second {@code initialize} is an
 * {@code InvalidRequest}, and so is any request after {@code shutdown} (then only {@code exit}
 * counts). Requests whose method starts with {@code $/} (LSP4J answers those it does not know
 * with a null result) get {@code MethodNotFound}: the server implements none of them. A request
 * without params, for a method that takes some, gets {@code InvalidParams} (-32602) rather than
 * reaching a handler that would fail on it. Error responses never carry LSP4J's stack traces.
 */
final class ProtocolGuard {
    /** Requests and notifications whose params may be absent. */
    private static final Set<String> WITHOUT_PARAMS = Set.of("shutdown", "exit", "initialized");

    private final int outgoingCapacity;
    /** The methods the server and LSP4J know, whose params LSP4J parses; others are left to LSP4J's MethodNotFound. */
    private volatile Set<String> knownMethods = Set.of();
    private volatile boolean initializeReceived;
    private volatile boolean shutdownReceived;
    private volatile MessageConsumer outgoing;
    private volatile OutgoingMessages outgoingQueue;

    ProtocolGuard(int outgoingCapacity) {
        this.outgoingCapacity = outgoingCapacity;
    }

    /**
     * For {@code Launcher.Builder.wrapMessages}, which LSP4J applies to the consumer that writes to
     * the client (first) and to the endpoint that takes the client's messages (second).
     */
    Function<MessageConsumer, MessageConsumer> wrapper() {
        return consumer -> {
            if (consumer instanceof StreamMessageConsumer) {
                OutgoingMessages queue = new OutgoingMessages(consumer, outgoingCapacity);
                outgoingQueue = queue;
                MessageConsumer withoutTraces = message -> queue.consume(withoutStackTrace(message));
                outgoing = withoutTraces;
                return withoutTraces;
            }
            return message -> incoming(message, consumer);
        };
    }

    /** Before the process exits: what is queued is written, and no frame is cut in half (see {@link OutgoingMessages#finish}). */
    void finishOutput(Duration timeout) {
        OutgoingMessages queue = outgoingQueue;
        if (queue != null) {
            queue.finish(timeout);
        }
    }

    void knownMethods(Set<String> methods) {
        knownMethods = Set.copyOf(methods);
    }

    /** Answers a request the reader could not parse (see {@link FramedMessageReader}). */
    void answer(Either<String, Number> id, ResponseError error) {
        ResponseMessage response = new ResponseMessage();
        response.setJsonrpc("2.0");
        response.setRawId(id);
        response.setError(error);
        outgoing.consume(response);
    }

    private void incoming(Message message, MessageConsumer endpoint) {
        if (message instanceof RequestMessage request) {
            String method = request.getMethod();
            if (method != null && method.startsWith("$/")) {
                refuse(request, ResponseErrorCode.MethodNotFound, "Unsupported request method: " + method);
                return;
            }
            if (!initializeReceived && !"initialize".equals(method)) {
                refuse(request, ResponseErrorCode.ServerNotInitialized,
                        "the server has not been initialized: send 'initialize' first");
                return;
            }
            if (initializeReceived && "initialize".equals(method)) {
                refuse(request, ResponseErrorCode.InvalidRequest, "the server is already initialized");
                return;
            }
            if (shutdownReceived) {
                refuse(request, ResponseErrorCode.InvalidRequest, "the server is shut down: only 'exit' is accepted");
                return;
            }
            if (request.getParams() == null && knownMethods.contains(method) && !WITHOUT_PARAMS.contains(method)) {
                refuse(request, ResponseErrorCode.InvalidParams, "'" + method + "' needs params");
                return;
            }
            initializeReceived = true;
            shutdownReceived = "shutdown".equals(method);
        } else if (message instanceof NotificationMessage notification) {
            String method = notification.getMethod();
            if (!"exit".equals(method) && (!initializeReceived || shutdownReceived
                    || notification.getParams() == null && knownMethods.contains(method) && !WITHOUT_PARAMS.contains(method))) {
                return; // dropped, as the protocol says of notifications out of turn
            }
        }
        endpoint.consume(message);
    }

    private void refuse(RequestMessage request, ResponseErrorCode code, String why) {
        ResponseMessage refusal = new ResponseMessage();
        refusal.setJsonrpc("2.0");
        refusal.setRawId(request.getRawId());
        refusal.setError(new ResponseError(code, why, null));
        outgoing.consume(refusal);
    }

    /** LSP4J puts a failed handler's stack trace in the error's data: library internals the client has no use for. */
    private static Message withoutStackTrace(Message message) {
        if (message instanceof ResponseMessage response && response.getError() != null
                && response.getError().getData() instanceof String) {
            response.getError().setData(null);
        }
        return message;
    }
}
