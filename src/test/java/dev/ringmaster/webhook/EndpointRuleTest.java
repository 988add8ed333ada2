package dev.ringmaster.webhook;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which URLs a subscription may use: https to public addresses in production, also http and this machine locally. */
class EndpointRuleTest {

    /** Names resolved from a table, so the rule is judged without DNS. */
    private static final Map<String, String> HOSTS = Map.of("hooks.example.com", "93.184.216.34",
            "internal.example.com", "10.1.2.3", "metadata.example.com", "169.254.169.254",
            "v6.example.com", "2606:2800:220:1::1");

    private static final EndpointRule PRODUCTION = new EndpointRule(false, EndpointRuleTest::resolve);
    private static final EndpointRule LOCAL = new EndpointRule(true, EndpointRuleTest::resolve);

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = HOSTS.get(host);
        if (address == null) {
            // Literal addresses resolve to themselves, without a lookup.
            if (!host.isEmpty() && (Character.isDigit(host.charAt(0)) || host.startsWith("["))) {
                return new InetAddress[]{InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        return new InetAddress[]{InetAddress.getByName(address)};
    }

    @Test
    void productionTakesHttpsToPublicAddresses() {
        assertThat(PRODUCTION.refusal("https://hooks.example.com/ringmaster")).isEmpty();
        assertThat(PRODUCTION.refusal("https://v6.example.com:8443/hook?x=1")).isEmpty();
        assertThat(PRODUCTION.refusal("https://93.184.216.34/hook")).isEmpty();
    }

    @Test
    void productionRefusesPlainHttpAndInternalTargets() {
        assertThat(PRODUCTION.refusal("http://hooks.example.com/ringmaster")).contains("must be an https URL");
        for (String url : new String[]{"https://127.0.0.1/x", "https://localhost.example/x", "https://internal.example.com/x",
                "https://metadata.example.com/latest", "https://[::1]/x", "https://[fd00::1]/x", "https://[fe80::1]/x",
                "https://[::ffff:127.0.0.1]/x", "https://100.64.0.1/x", "https://192.168.1.10/x", "https://172.16.0.1/x",
                "https://0.0.0.0/x", "https://255.255.255.255/x"}) {
            assertThat(PRODUCTION.refusal(url)).as(url).isPresent();
        }
        assertThat(PRODUCTION.refusal("https://internal.example.com/x").orElseThrow()).contains("10.1.2.3");
        assertThat(PRODUCTION.refusal("https://nowhere.example.com/x").orElseThrow()).contains("does not resolve");
    }

    @Test
    void bothRefuseWhatIsNoEndpoint() {
        for (EndpointRule rule : new EndpointRule[]{PRODUCTION, LOCAL}) {
            assertThat(rule.refusal("ftp://hooks.example.com/x")).isPresent();
            assertThat(rule.refusal("hooks.example.com/x")).isPresent();
            assertThat(rule.refusal("https://user:secret@hooks.example.com/x")).isPresent();
            assertThat(rule.refusal("https://hooks.example.com/x#part")).isPresent();
            assertThat(rule.refusal("https:///x")).isPresent();
            assertThat(rule.refusal("https://hooks.example.com/a b")).isPresent();
            assertThat(rule.refusal("https://hooks.example.com/" + "x".repeat(EndpointRule.MAX_LENGTH))).isPresent();
            assertThat(rule.refusal(" ")).isPresent();
        }
    }

    @Test
    void localRunsAndTestsMayUseThisMachine() {
        assertThat(LOCAL.refusal("http://127.0.0.1:8099/hook")).isEmpty();
        assertThat(LOCAL.refusal("http://localhost/hook")).isEmpty();
    }
}
