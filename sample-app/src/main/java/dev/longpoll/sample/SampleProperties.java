package dev.longpoll.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the sample's own feed.
 *
 * @param hold how long the feed holds a poll that has nothing new
 * @param producerInterval how often the built-in producer publishes a notification
 */
@ConfigurationProperties("sample.feed")
public record SampleProperties(Duration hold, Duration producerInterval) {

}
