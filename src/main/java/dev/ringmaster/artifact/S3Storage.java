package dev.ringmaster.artifact;

import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Artifacts as objects in one bucket of an S3-compatible store, which every replica reads directly (ranged
 * GETs, nothing copied to local disk). An upload goes out in parts of {@code partSize} as it arrives, so one
 * upload holds one part in memory whatever the file's size; it becomes an object only when kept.
 */
public class S3Storage implements ArtifactStorage, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3Storage.class);
    /** Where files whose SHA-256 was not declared wait for it: S3 cannot rename, so they are copied to it. */
    static final String STAGING = "uploads/";
    /** The largest object one CopyObject may copy; larger ones are copied in parts. */
    private static final long COPY_LIMIT = 5L * 1024 * 1024 * 1024;
    private static final long COPY_PART = 1024L * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final int partSize;

    public S3Storage(S3Client s3, String bucket, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    @Override
    public Upload begin(Optional<String> expectedKey) {
        return new PartedUpload(expectedKey.orElse(STAGING + UUID.randomUUID()), expectedKey.isEmpty());
    }

    @Override
    public boolean has(String key) {
        try {
            s3.headObject(head -> head.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public InputStream open(String key, long first, long length) throws IOException {
        if (length <= 0) {
            return InputStream.nullInputStream(); // a ranged GET cannot ask for nothing
        }
        try {
            return s3.getObject(get -> get.bucket(bucket).key(key).range("bytes=" + first + "-" + (first + length - 1)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new FileNotFoundException("object " + key + " is not in bucket " + bucket);
            }
            throw new IOException("reading object " + key + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("reading object " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Path> file(String key) {
        return Optional.empty();
    }

    @Override
    public void close() {
        s3.close();
    }

    private void copy(String from, String to, long size) {
        if (size <= COPY_LIMIT) {
            s3.copyObject(copy -> copy.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
            return;
        }
        String uploadId = s3.createMultipartUpload(create -> create.bucket(bucket).key(to)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long first = 0; first < size; first += COPY_PART) {
                int number = parts.size() + 1;
                String range = "bytes=" + first + "-" + (Math.min(size, first + COPY_PART) - 1);
                String etag = s3.uploadPartCopy(part -> part.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket)
                        .destinationKey(to).uploadId(uploadId).partNumber(number).copySourceRange(range)).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(complete -> complete.bucket(bucket).key(to).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (SdkException e) {
            s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(to).uploadId(uploadId));
            throw e;
        }
    }

    /** One upload: whole parts go out as they fill; a file smaller than a part is sent by one PUT when kept. */
    private final class PartedUpload implements Upload {
        private final String target;
        private final boolean staged;
        private final List<CompletedPart> parts = new ArrayList<>();
        private byte[] buffer = new byte[partSize];
        private int filled;
        private long size;
        private String uploadId;
        private boolean completed;
        private boolean finished;

        PartedUpload(String target, boolean staged) {
            this.target = target;
            this.staged = staged;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                int taken = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, taken);
                filled += taken;
                size += taken;
                offset += taken;
                length -= taken;
                if (filled == buffer.length) {
                    send();
                }
            }
        }

        @Override
        public void keep(String key) throws IOException {
            if (!staged && !target.equals(key)) {
                discard();
                // Completing would make the declared key name other content: the one thing a content key must never do.
                throw new IllegalArgumentException("the file is not the " + target + " it was sent as");
            }
            try {
                if (has(key)) {
                    discard(); // the same content is already kept
                    return;
                }
                if (uploadId == null) {
                    s3.putObject(put -> put.bucket(bucket).key(key).contentLength((long) filled),
                            RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, filled), filled));
                } else {
                    if (filled > 0) {
                        send();
                    }
                    s3.completeMultipartUpload(complete -> complete.bucket(bucket).key(target).uploadId(uploadId)
                            .multipartUpload(upload -> upload.parts(parts)));
                    completed = true;
                    if (staged) {
                        copy(target, key, size);
                        s3.deleteObject(delete -> delete.bucket(bucket).key(target));
                    }
                }
                finished = true;
                buffer = null;
            } catch (SdkException e) {
                discard();
                throw new IOException("the object store refused " + key + ": " + e.getMessage(), e);
            } catch (IOException e) {
                discard();
                throw e;
            }
        }

        @Override
        public void discard() {
            if (finished) {
                return;
            }
            finished = true;
            buffer = null;
            try {
                if (completed) {
                    if (staged) {
                        s3.deleteObject(delete -> delete.bucket(bucket).key(target));
                    }
                } else if (uploadId != null) {
                    s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(target).uploadId(uploadId));
                }
            } catch (SdkException e) {
                // The bucket's lifecycle rule for incomplete multipart uploads (docs/deploy.md) removes what is left.
                LOG.warnf("could not drop the refused upload to %s: %s", target, e.getMessage());
            }
        }

        private void send() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(create -> create.bucket(bucket).key(target)).uploadId();
                }
                int number = parts.size() + 1;
                String etag = s3.uploadPart(part -> part.bucket(bucket).key(target).uploadId(uploadId).partNumber(number)
                                .contentLength((long) filled),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, filled), filled)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                filled = 0;
            } catch (SdkException e) {
                throw new IOException("the object store refused a part: " + e.getMessage(), e);
            }
        }
    }
}
