package dev.longpoll.bench;

/**
 * One feed event: its id and the server's publish time in epoch microseconds.
 *
 * @param id the event id
 * @param ts when the server published it, in epoch microseconds (0 for throughput)
 */
public record Event(long id, long ts) {

}
