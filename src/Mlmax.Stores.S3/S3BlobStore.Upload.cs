using Amazon.S3.Model;

namespace Mlmax.Stores.S3;

/// <summary>Uploads: one PUT for a small blob, a multipart upload (aborted on failure) for a large one.</summary>
public sealed partial class S3BlobStore
{
    private const int ReadChunk = 1 << 16;

    /// <summary>Writes <paramref name="content"/> to <paramref name="objectKey"/>, published whole or not at all.</summary>
    private async Task UploadAsync(string objectKey, Stream content, CancellationToken cancellationToken)
    {
        // Read up to one part: a blob that ends within it is one PUT, a larger one a multipart upload.
        using var first = new MemoryStream();
        if (await ReadPartAsync(content, first, cancellationToken))
        {
            first.Position = 0;
            await _client.PutObjectAsync(SinglePut(objectKey, first), cancellationToken);
            return;
        }

        await UploadInPartsAsync(objectKey, first, content, cancellationToken);
    }

    private PutObjectRequest SinglePut(string objectKey, Stream body) => new()
    {
        BucketName = Root.Bucket,
        Key = objectKey,
        InputStream = body,
        AutoCloseStream = false,

        // Plain signed payload, not aws-chunked streaming signatures: S3-compatible servers such as s3rver store other
        // bytes than those sent. The body is in memory, so signing its SHA-256 costs one pass. See docs/backends/s3.md.
        UseChunkEncoding = false,
    };

    private async Task UploadInPartsAsync(string objectKey, MemoryStream first, Stream content, CancellationToken cancellationToken)
    {
        var upload = await _client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = Root.Bucket, Key = objectKey }, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            var part = first;
            var ended = false;
            while (true)
            {
                part.Position = 0;
                var response = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = Root.Bucket,
                    Key = objectKey,
                    UploadId = upload.UploadId,
                    PartNumber = parts.Count + 1,
                    InputStream = part,
                    PartSize = part.Length,
                    IsLastPart = ended,
                    UseChunkEncoding = false,
                }, cancellationToken);
                parts.Add(new PartETag { PartNumber = parts.Count + 1, ETag = response.ETag });
                if (ended)
                {
                    break;
                }

                part.SetLength(0);
                ended = await ReadPartAsync(content, part, cancellationToken);
                if (ended && part.Length == 0)
                {
                    break;
                }
            }

            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Root.Bucket,
                Key = objectKey,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, cancellationToken);
        }
        catch
        {
            await AbortAsync(objectKey, upload.UploadId);
            throw;
        }
    }

    /// <summary>Aborts an upload so that S3 drops its parts; never throws over the error that led here.</summary>
    private async Task AbortAsync(string objectKey, string uploadId)
    {
        try
        {
            await _client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = Root.Bucket, Key = objectKey, UploadId = uploadId }, CancellationToken.None);
        }
        catch (Exception)
        {
            // Best effort: a bucket lifecycle rule (AbortIncompleteMultipartUpload) removes what is left; see docs/backends/s3.md.
        }
    }

    /// <summary>Appends up to <see cref="PartSize"/> bytes of <paramref name="content"/> to <paramref name="part"/>.</summary>
    /// <returns><see langword="true"/> when the content ended before the part was full.</returns>
    private static async Task<bool> ReadPartAsync(Stream content, MemoryStream part, CancellationToken cancellationToken)
    {
        var buffer = new byte[ReadChunk];
        while (part.Length < PartSize)
        {
            var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(ReadChunk, PartSize - part.Length)), cancellationToken);
            if (read == 0)
            {
                return true;
            }

            part.Write(buffer, 0, read);
        }

        return false;
    }
}
