using Mlmax.Scoring.Formats;
using Parquet;
using Parquet.Schema;

namespace Mlmax.Scoring.Tests;

public sealed class ParquetFormatTests : IDisposable
{
    private static readonly (string Name, Type Type)[] PredictionColumns =
        [("id", typeof(string)), ("label", typeof(bool)), ("score", typeof(float)), ("probability", typeof(double)), ("count", typeof(long))];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "mlmax-parquet-" + Guid.NewGuid().ToString("N"));

    public ParquetFormatTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Write_AllColumnTypesWithNulls_ReadsBackAsInvariantText()
    {
        var path = Path.Combine(_root, "predictions.parquet");
        using (var output = File.Create(path))
        using (var writer = new ParquetRowWriter(output, PredictionColumns))
        {
            writer.Write(["a", true, 0.1f, 0.25, 42L]);
            writer.Write([null, null, null, null, null]);
            writer.Write(["é, \"quoted\"", false, float.NaN, -1e-300, long.MinValue]);
            writer.Write(["", false, 1.5f, 0.1f, 7]);
        }

        using var reader = ParquetRowReader.Open(path);
        Assert.Equal(["id", "label", "score", "probability", "count"], reader.Header);
        Assert.Equal(4, reader.RowCount);
        Assert.Equal(
            [
                ["a", "true", "0.1", "0.25", "42"],
                [null, null, null, null, null],
                ["é, \"quoted\"", "false", "NaN", "-1E-300", "-9223372036854775808"],
                ["", "false", "1.5", "0.10000000149011612", "7"],
            ],
            reader.Rows(CancellationToken.None).ToList());
    }

    [Fact]
    public void Write_MoreRowsThanARowGroup_WritesRowGroupsOfThatSizeAndReadsBackInOrder()
    {
        const int Rows = 200_000;
        var path = Path.Combine(_root, "many.parquet");
        using (var output = File.Create(path))
        using (var writer = new ParquetRowWriter(output, [("row", typeof(long)), ("text", typeof(string))], rowGroupSize: 65536))
        {
            for (var i = 0L; i < Rows; i++)
            {
                writer.Write([i, i % 10 == 0 ? null : "r" + i]);
            }
        }

        Assert.Equal([65536L, 65536, 65536, 3392], RowGroupSizes(path));
        using var reader = ParquetRowReader.Open(path);
        Assert.Equal(Rows, reader.RowCount);
        var expected = 0L;
        foreach (var row in reader.Rows(CancellationToken.None))
        {
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), row[0]);
            Assert.Equal(expected % 10 == 0 ? null : "r" + expected, row[1]);
            expected++;
        }

        Assert.Equal(Rows, expected);
    }

    [Fact]
    public void Write_RowGroupSizeReached_WritesTheRowGroupBeforeDispose()
    {
        using var output = new MemoryStream();
        using var writer = new ParquetRowWriter(output, [("x", typeof(double))], rowGroupSize: 1000);
        for (var i = 0; i < 999; i++)
        {
            writer.Write([(double)i]);
        }

        var header = output.Length;
        writer.Write([999d]);
        Assert.True(output.Length > header + 1000, $"expected a row group on the stream, length is {output.Length}");
    }

    [Fact]
    public void Dispose_NoRows_WritesAValidFileWithTheSchema()
    {
        var path = Path.Combine(_root, "empty.parquet");
        using (var output = File.Create(path))
        {
            new ParquetRowWriter(output, PredictionColumns).Dispose();
        }

        using var reader = ParquetRowReader.Open(path);
        Assert.Equal(["id", "label", "score", "probability", "count"], reader.Header);
        Assert.Equal(0, reader.RowCount);
        Assert.Empty(reader.Rows(CancellationToken.None));
    }

    [Fact]
    public void Dispose_NonSeekableOutput_WritesAReadableFile()
    {
        using var target = new MemoryStream();
        using (var writer = new ParquetRowWriter(new ForwardOnlyStream(target), [("p", typeof(float))]))
        {
            writer.Write([0.5f]);
        }

        var path = Path.Combine(_root, "piped.parquet");
        File.WriteAllBytes(path, target.ToArray());
        using var reader = ParquetRowReader.Open(path);
        Assert.Equal([["0.5"]], reader.Rows(CancellationToken.None).ToList());
    }

    [Fact]
    public void Write_WrongValueOrWidth_Throws_AndTheRowIsNotAdded()
    {
        var path = Path.Combine(_root, "strict.parquet");
        using (var output = File.Create(path))
        using (var writer = new ParquetRowWriter(output, [("a", typeof(string)), ("b", typeof(long))]))
        {
            var e = Assert.Throws<ArgumentException>(() => writer.Write(["x", 1.5]));
            Assert.Contains("column 'b' takes Int64 values, not Double", e.Message, StringComparison.Ordinal);
            Assert.Throws<ArgumentException>(() => writer.Write(["x"]));
            writer.Write(["y", 2L]);
        }

        using var reader = ParquetRowReader.Open(path);
        Assert.Equal([["y", "2"]], reader.Rows(CancellationToken.None).ToList());
    }

    [Fact]
    public void Constructor_UnsupportedColumnType_Throws()
    {
        using var output = new MemoryStream();
        var e = Assert.Throws<ArgumentException>(() => new ParquetRowWriter(output, [("when", typeof(DateTime))]));
        Assert.Contains("column 'when' has type DateTime", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("empty")]
    [InlineData("truncated")]
    public void Open_NotAParquetFile_ThrowsSchemaViolationNamingTheFile(string kind)
    {
        var path = Path.Combine(_root, $"broken-{kind}.parquet");
        switch (kind)
        {
            case "csv":
                File.WriteAllText(path, "id,x\n1,2\n3,4\n5,6\n");
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            default:
                using (var output = new MemoryStream())
                {
                    using (var writer = new ParquetRowWriter(output, PredictionColumns))
                    {
                        writer.Write(["a", true, 1f, 2d, 3L]);
                    }

                    File.WriteAllBytes(path, output.ToArray()[..^20]);
                }

                break;
        }

        var e = Assert.Throws<SchemaViolationException>(() => ParquetRowReader.Open(path));
        Assert.Contains($"broken-{kind}.parquet", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable Parquet file", e.Message, StringComparison.Ordinal);
        File.Delete(path); // the reader closed the file
    }

    [Fact]
    public void Rows_CorruptRowGroup_ThrowsSchemaViolationNamingTheFileAndRowGroup()
    {
        var path = Path.Combine(_root, "corrupt.parquet");
        using (var output = File.Create(path))
        using (var writer = new ParquetRowWriter(output, [("text", typeof(string))], rowGroupSize: 100))
        {
            for (var i = 0; i < 200; i++)
            {
                writer.Write(["value " + i]);
            }
        }

        var bytes = File.ReadAllBytes(path);
        var secondGroup = RowGroupOffsets(path)[1];
        Array.Fill(bytes, (byte)0xFF, (int)secondGroup, 16);
        File.WriteAllBytes(path, bytes);

        using var reader = ParquetRowReader.Open(path);
        var read = 0;
        var e = Assert.Throws<SchemaViolationException>(() =>
        {
            foreach (var row in reader.Rows(CancellationToken.None))
            {
                read++;
            }
        });
        Assert.Equal(100, read);
        Assert.Contains("corrupt.parquet: row group 2 of 2 is not readable Parquet", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingFile_ThrowsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => ParquetRowReader.Open(Path.Combine(_root, "missing.parquet")));

    [Fact]
    public void Open_NestedColumn_ThrowsSchemaViolationNamingTheColumn()
    {
        var path = Path.Combine(_root, "nested.parquet");
        var schema = new ParquetSchema(new DataField<int?>("id"), new ListField("tags", new DataField<string>("element")));
        WriteWithParquetNet(path, schema, _ => Task.CompletedTask, rowGroup: false);

        var e = Assert.Throws<SchemaViolationException>(() => ParquetRowReader.Open(path));
        Assert.Contains("nested.parquet: column 'tags'", e.Message, StringComparison.Ordinal);
        Assert.Contains("nested columns are not supported", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_FileWrittenByParquetNet_EveryTypeAsInvariantText()
    {
        var path = Path.Combine(_root, "foreign.parquet");
        var schema = new ParquetSchema(
            new DataField<int?>("i32"),
            new DataField<long>("i64"),
            new DataField<double?>("f64"),
            new DataField<string>("text", nullable: true),
            new DataField<bool?>("flag"),
            new DateTimeDataField("at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, isNullable: true),
            new DataField<DateTime?>("legacy"),
            new DecimalDataField("amount", precision: 10, scale: 3, isNullable: true),
            new DateTimeDataField("day", DateTimeFormat.Date, isNullable: true),
            new DataField<byte[]>("blob"));
        var f = schema.DataFields;
        WriteWithParquetNet(path, schema, async group =>
        {
            // i32 holds negatives and a null before the required i64: Parquet.Net 6.1.0's nullable read of a required
            // column then sees stale definition levels and invents nulls, which the reader must avoid.
            await group.WriteAsync<int>(f[0], new int?[] { 1, null, -3 });
            await group.WriteAsync<long>(f[1], new long[] { 1L << 40, 2, 3 });
            await group.WriteAsync<double>(f[2], new double?[] { 0.1, double.NegativeInfinity, null });
            await group.WriteAsync(f[3], new[] { "x", null, "" });
            await group.WriteAsync<bool>(f[4], new bool?[] { null, true, false });
            await group.WriteAsync<DateTime>(f[5], new DateTime?[] { new DateTime(2024, 1, 2, 3, 4, 5, 6, DateTimeKind.Utc), null, DateTime.UnixEpoch });
            await group.WriteAsync<DateTime>(f[6], new DateTime?[] { null, new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc), null });
            await group.WriteAsync<decimal>(f[7], new decimal?[] { 1.5m, null, -2.125m });
            await group.WriteAsync<DateTime>(f[8], new DateTime?[] { new DateTime(2024, 2, 29), null, new DateTime(1970, 1, 1) });
            await group.WriteAsync(f[9], new[] { new byte[] { 1, 2, 3 }, null, [] });
        });

        using var reader = ParquetRowReader.Open(path);
        Assert.Equal(["i32", "i64", "f64", "text", "flag", "at", "legacy", "amount", "day", "blob"], reader.Header);
        Assert.Equal(3, reader.RowCount);
        Assert.Equal(
            [
                ["1", "1099511627776", "0.1", "x", null, "2024-01-02T03:04:05.0060000Z", null, "1.500", "2024-02-29", "AQID"],
                [null, "2", "-Infinity", null, "true", null, "1999-12-31T23:59:59.0000000", null, null, null],
                ["-3", "3", null, "", "false", "1970-01-01T00:00:00.0000000Z", null, "-2.125", "1970-01-01", ""],
            ],
            reader.Rows(CancellationToken.None).ToList());
    }

    [Fact]
    public void Rows_Cancelled_StopsBeforeTheNextRowGroup()
    {
        var path = Path.Combine(_root, "cancel.parquet");
        using (var output = File.Create(path))
        using (var writer = new ParquetRowWriter(output, [("x", typeof(long))], rowGroupSize: 10))
        {
            for (var i = 0L; i < 30; i++)
            {
                writer.Write([i]);
            }
        }

        using var cancel = new CancellationTokenSource();
        using var reader = ParquetRowReader.Open(path);
        var read = 0;
        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var row in reader.Rows(cancel.Token))
            {
                if (++read == 5)
                {
                    cancel.Cancel();
                }
            }
        });
        Assert.Equal(10, read);
    }

    private static long[] RowGroupSizes(string path) => RowGroups(path, g => g.NumRows);

    private static long[] RowGroupOffsets(string path) => RowGroups(path, g => g.Columns[0].MetaData!.DataPageOffset);

    private static long[] RowGroups(string path, Func<Parquet.Meta.RowGroup, long> select) =>
        Task.Run(async () =>
        {
            await using var reader = await ParquetReader.CreateAsync(path);
            return reader.Metadata!.RowGroups.Select(select).ToArray();
        }).GetAwaiter().GetResult();

    private static void WriteWithParquetNet(string path, ParquetSchema schema, Func<ParquetRowGroupWriter, Task> write, bool rowGroup = true) =>
        Task.Run(async () =>
        {
            await using var output = File.Create(path);
            await using var writer = await ParquetWriter.CreateAsync(schema, output);
            if (rowGroup)
            {
                using var group = writer.CreateRowGroup();
                await write(group);
                group.CompleteValidate();
            }
        }).GetAwaiter().GetResult();

    /// <summary>A write-only stream that cannot seek, like standard output.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
