using Mlmax.Stores.S3;

namespace Mlmax.Stores.Tests;

public sealed class S3RootTests
{
    [Theory]
    [InlineData("s3://bucket", "bucket", "")]
    [InlineData("s3://bucket/", "bucket", "")]
    [InlineData("s3://my.bucket-1/mlmax/Team_A/", "my.bucket-1", "mlmax/Team_A")]
    [InlineData("s3://bucket/a/b.c/d-e", "bucket", "a/b.c/d-e")]
    public void Parse_ValidUrl_BucketAndPrefix(string url, string bucket, string prefix)
    {
        var location = S3Root.Parse(url);

        Assert.Equal((bucket, prefix), (location.Bucket, location.Prefix));
        Assert.Equal(url.TrimEnd('/'), location.ToString());
    }

    [Theory]
    [InlineData("bucket/prefix")]
    [InlineData("s3:/bucket")]
    [InlineData("https://bucket/prefix")]
    [InlineData("s3://")]
    [InlineData("s3://Bucket/x")]
    [InlineData("s3://b/x")]
    [InlineData("s3://bucket..name/x")]
    [InlineData("s3://bucket/../other")]
    [InlineData("s3://bucket/a/../../other")]
    [InlineData("s3://bucket/./a")]
    [InlineData("s3://bucket//a")]
    [InlineData("s3://bucket/a%2F..%2Fb")]
    [InlineData("s3://bucket/%2E%2E")]
    [InlineData("s3://bucket/a\\b")]
    [InlineData("s3://bucket/a b")]
    [InlineData("s3://bucket/a?b")]
    public void Parse_MalformedOrEscapingUrl_Throws(string url)
    {
        Assert.Throws<FormatException>(() => S3Root.Parse(url));
    }

    [Fact]
    public void ObjectKey_UnderPrefix_PrefixSlashKey()
    {
        Assert.Equal("p/q/blobs/sha256/ab/abc", S3Root.Parse("s3://bucket/p/q").ObjectKey("blobs/sha256/ab/abc"));
        Assert.Equal("trees/x.json", S3Root.Parse("s3://bucket").ObjectKey("trees/x.json"));
        Assert.Equal("p/quarantine/blobs/x.1.2", S3Root.Parse("s3://bucket/p").QuarantineKey("blobs/x", "1.2"));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("%2e%2e/x")]
    [InlineData("a%2Fb")]
    [InlineData("a\\b")]
    [InlineData("/abs")]
    [InlineData("a/../../b")]
    public void ObjectKey_KeyLeavingPrefix_ThrowsArgumentException(string key)
    {
        Assert.Throws<ArgumentException>(() => S3Root.Parse("s3://bucket/p").ObjectKey(key));
    }
}
