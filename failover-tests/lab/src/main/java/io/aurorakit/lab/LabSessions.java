package io.aurorakit.lab;

import java.util.List;

/**
 * The {@code application_name}s of the lab's own sessions on its instances - its control plane, the topology
 * heartbeat, the Serverless v2 capacity probe - which no client load measure counts (on Aurora they are not SQL
 * sessions at all).
 */
final class LabSessions {

    static final String CONTROL = "aurora-lab-control";
    static final String HEARTBEAT = "aurora-lab-heartbeat";
    static final String SERVERLESS = "aurora-lab-serverless";
    static final List<String> MACHINERY = List.of(CONTROL, HEARTBEAT, SERVERLESS);

    private LabSessions() {
    }
}
