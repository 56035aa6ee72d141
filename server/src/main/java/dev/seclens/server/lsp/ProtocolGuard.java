package dev.seclens.server.lsp;

import java.util.function.Function;
import org.eclipse.lsp4j.jsonrpc.MessageConsumer;
import org.eclipse.lsp4j.jsonrpc.json.StreamMessageConsumer;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseMessage;

/**
 * What LSP4J leaves to the server, between the streams and the endpoint: outgoing messages go
 * through a bounded {@link OutgoingMessages} queue, and before {@code initialize} requests are
 * answered with {@code ServerNotInitialized} (-32002) and notifications other than {@code exit}
 * are dropped, as the protocol says. Requests whose method starts with {@code $/} (LSP4J answers
 * those it does not know with a null result) get {@code MethodNotFound}: the server implements
 * none of them.
 */
final class ProtocolGuard {
    private final int outgoingCapacity;
    private volatile boolean initializeReceived;
    private volatile MessageConsumer outgoing;

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
                outgoing = queue;
                return queue;
            }
            return message -> incoming(message, consumer);
        };
    }

    private void incoming(Message message, MessageConsumer endpoint) {
        if (message instanceof RequestMessage request && request.getMethod() != null
                && request.getMethod().startsWith("$/")) {
            refuse(request, ResponseErrorCode.MethodNotFound, "Unsupported request method: " + request.getMethod());
            return;
        }
        if (!initializeReceived) {
            if (message instanceof RequestMessage request && !"initialize".equals(request.getMethod())) {
                refuse(request, ResponseErrorCode.ServerNotInitialized,
                        "the server has not been initialized: send 'initialize' first");
                return;
            }
            if (message instanceof NotificationMessage notification && !"exit".equals(notification.getMethod())) {
                return;
            }
            if (message instanceof RequestMessage) {
                initializeReceived = true;
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
}
