using Amazon.S3;
using Amazon.S3.Model;

namespace Mlmax.Aws.Api;

/// <summary>Large files: a multipart upload, aborted on failure so that S3 keeps no parts.</summary>
public sealed partial class EncryptedBucket
{
    /// <summary>Files above this size are uploaded in parts of this size. <value>64 MiB.</value></summary>
    public const long MultipartThreshold = 64L << 20;

    private async Task UploadInPartsAsync(string key, string path, long size, string hash, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = key,
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = KmsKeyArn,
        };
        initiate.Metadata.Add(HashMetadata, hash);
        var upload = await _client.InitiateMultipartUploadAsync(initiate, cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            for (long position = 0; position < size; position += MultipartThreshold)
            {
                var number = parts.Count + 1;
                var response = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = Bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = number,
                    FilePath = path,
                    FilePosition = position,
                    PartSize = Math.Min(MultipartThreshold, size - position),
                    UseChunkEncoding = false,
                }, cancellationToken);
                parts.Add(new PartETag { PartNumber = number, ETag = response.ETag });
            }

            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = upload.UploadId, PartETags = parts }, cancellationToken);
        }
        catch
        {
            try
            {
                await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = upload.UploadId }, CancellationToken.None);
            }
            catch (AmazonS3Exception)
            {
                // A lifecycle rule (AbortIncompleteMultipartUpload) removes what is left.
            }

            throw;
        }
    }
}
