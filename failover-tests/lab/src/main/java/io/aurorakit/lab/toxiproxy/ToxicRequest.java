package io.aurorakit.lab.toxiproxy;

import java.util.Map;

/** The body of POST /proxies/{p}/toxics after JSON decoding; null fields were absent. */
record ToxicRequest(String name, String type, String stream, Float toxicity, Map<String, Long> attributes) {
}
