package dev.ringmaster.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A signed SWUpdate image (.swu) made the way a vendor's build would: a self-signed X.509 signer with the
 * emailProtection purpose SWUpdate checks by default, {@code sw-description} signed as detached CMS (DER) by
 * the openssl CLI, everything in a cpio "newc" archive with {@code sw-description} first.
 */
public final class SwuImage {

    public static final String HARDWARE = "ringmaster-test:1.0";

    private final Path directory;
    private final byte[] image;

    private SwuImage(Path directory, byte[] image) {
        this.directory = directory;
        this.image = image;
    }

    /** An image of {@code version} that "installs" one small file to {@code target} (SWUpdate runs it dry). */
    public static SwuImage build(String version, Path target) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("swu-");
        Files.writeString(directory.resolve("signer.cnf"), """
                [req]
                distinguished_name=dn
                x509_extensions=ext
                prompt=no
                [dn]
                CN=Ringmaster test signer
                [ext]
                keyUsage=critical,digitalSignature
                extendedKeyUsage=emailProtection
                basicConstraints=CA:FALSE
                """);
        run(directory, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "2", "-config", "signer.cnf");
        byte[] payload = ("ringmaster payload " + version + "\n").getBytes(StandardCharsets.UTF_8);
        String description = """
                software =
                {
                	version = "%s";
                	description = "Ringmaster test update";
                	hardware-compatibility: [ "1.0" ];
                	files: (
                		{
                			filename = "payload.txt";
                			path = "%s";
                			sha256 = "%s";
                		}
                	);
                }
                """.formatted(version, target, DeviceApi.sha256(payload));
        Files.writeString(directory.resolve("sw-description"), description);
        run(directory, "openssl", "cms", "-sign", "-in", "sw-description", "-out", "sw-description.sig", "-signer", "cert.pem",
                "-inkey", "key.pem", "-outform", "DER", "-nosmimecap", "-binary");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("sw-description", description.getBytes(StandardCharsets.UTF_8));
        entries.put("sw-description.sig", Files.readAllBytes(directory.resolve("sw-description.sig")));
        entries.put("payload.txt", payload);
        return new SwuImage(directory, cpio(entries));
    }

    public byte[] bytes() {
        return image.clone();
    }

    /** The signer's certificate, for {@code swupdate -k}. */
    public Path certificate() {
        return directory.resolve("cert.pem");
    }

    private static byte[] cpio(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int inode = 1;
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            header(out, entry.getKey(), entry.getValue().length, inode++, 0100644);
            out.writeBytes(entry.getValue());
            pad(out);
        }
        header(out, "TRAILER!!!", 0, 0, 0);
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, String name, int size, int inode, int mode) {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        StringBuilder header = new StringBuilder("070701");
        for (long field : List.of((long) inode, (long) mode, 0L, 0L, 1L, 0L, (long) size, 0L, 0L, 0L, 0L, (long) nameBytes.length, 0L)) {
            header.append(String.format("%08X", field));
        }
        out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(nameBytes);
        pad(out);
    }

    private static void pad(ByteArrayOutputStream out) {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    private static void run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
