package dev.infraplatform.exchangebroker.engine;

/**
 * What a publish did, answered once the message is in every queue that accepted it.
 *
 * @param routed whether any queue matched (through the alternate exchange too)
 * @param queues how many queues accepted it
 * @param returned true when published mandatory and no queue matched (AMQP basic.return)
 * @param nacked true when a matching queue refused it (overflow {@code reject-publish} or
 *     {@code reject-publish-dlx}): a publisher-confirm nack
 */
public record PublishResult(boolean routed, int queues, boolean returned, boolean nacked) {
}
