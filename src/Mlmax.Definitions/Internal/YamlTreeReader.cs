using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Mlmax.Definitions.Internal;

/// <summary>Reads YAML text into a <see cref="YNode"/> tree with YamlDotNet's parser, reporting syntax errors with their position.</summary>
internal sealed class YamlTreeReader(ErrorCollector errors)
{
    private readonly Dictionary<string, YNode> anchors = new(StringComparer.Ordinal);
    private SourceMark last = new(1, 1);

    /// <summary>Reads the single document of <paramref name="text"/>; <see langword="null"/> when it is empty or unreadable.</summary>
    public YNode? Read(string text)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                errors.Add(string.Empty, SourceMark.From(second.Start), "a definition file holds one YAML document; remove the second '---'");
            }

            return root;
        }
        catch (YamlException e)
        {
            errors.Add(string.Empty, SourceMark.From(e.Start), $"invalid YAML: {Describe(e)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way when the text ends inside a flow collection.
            errors.Add(string.Empty, last, "invalid YAML: unexpected end of the text after this point (is a '{', '[' or quote left open?)");
            return null;
        }
    }

    private static string Describe(YamlException e)
    {
        // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (...): "; the location is reported separately.
        var message = e.InnerException?.Message ?? e.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }

    private YNode ReadNode(IParser parser)
    {
        YNode node;
        string? anchor;
        if (parser.Current is { } current)
        {
            last = SourceMark.From(current.Start);
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (anchors.TryGetValue(alias.Value.Value, out var target))
            {
                return target;
            }

            throw new YamlException(alias.Start, alias.End, $"unknown alias '*{alias.Value.Value}'");
        }
        else if (parser.TryConsume<Scalar>(out var scalar))
        {
            var isPlain = scalar.Style == ScalarStyle.Plain && (scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific);
            node = new YScalar(scalar.Value, isPlain, SourceMark.From(scalar.Start));
            anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var items = new List<YNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser));
            }

            node = new YSequence(items, SourceMark.From(sequenceStart.Start));
            anchor = sequenceStart.Anchor.IsEmpty ? null : sequenceStart.Anchor.Value;
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            var entries = new List<YEntry>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser);
                var value = ReadNode(parser);
                if (key is YScalar keyScalar)
                {
                    entries.Add(new YEntry(keyScalar, value));
                }
                else
                {
                    errors.Add(string.Empty, key.Start, "mapping keys must be plain names");
                }
            }

            node = new YMapping(entries, SourceMark.From(mappingStart.Start));
            anchor = mappingStart.Anchor.IsEmpty ? null : mappingStart.Anchor.Value;
        }

        if (anchor is not null)
        {
            anchors[anchor] = node;
        }

        return node;
    }
}
