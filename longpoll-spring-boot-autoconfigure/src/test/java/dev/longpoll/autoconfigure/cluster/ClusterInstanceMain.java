package dev.longpoll.autoconfigure.cluster;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * One instance of the cluster tests' application in a JVM of its own, so that its clock
 * can differ from the others' (run under libfaketime). Its arguments are its properties;
 * it prints its wall clock once started and stops gracefully on SIGTERM.
 */
public final class ClusterInstanceMain {

	private ClusterInstanceMain() {
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(ClusterInstances.App.class).web(WebApplicationType.NONE).properties(args).run();
		System.out.println("started, clock " + System.currentTimeMillis());
	}

}
