using YamlDotNet.Core;

namespace Mlmax.Definitions.Internal;

/// <summary>A position in a source file, 1-based.</summary>
internal readonly record struct SourceMark(int Line, int Column)
{
    public static SourceMark From(Mark mark) => new((int)mark.Line, (int)mark.Column);
}

/// <summary>A node of a YAML document, with where it starts. Unlike YamlDotNet's representation model,
/// mappings keep duplicate keys so that every duplicate can be reported.</summary>
internal abstract record YNode(SourceMark Start);

/// <summary>A scalar and how it was written (quoted scalars are always strings).</summary>
internal sealed record YScalar(string Value, bool IsPlain, SourceMark Start) : YNode(Start)
{
    /// <summary>Whether the scalar is an implicit null (<c>~</c>, <c>null</c> or nothing).</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";
}

/// <summary>A sequence.</summary>
internal sealed record YSequence(IReadOnlyList<YNode> Items, SourceMark Start) : YNode(Start);

/// <summary>A mapping entry.</summary>
internal sealed record YEntry(YScalar Key, YNode Value);

/// <summary>A mapping, entries in document order, duplicates kept.</summary>
internal sealed record YMapping(IReadOnlyList<YEntry> Entries, SourceMark Start) : YNode(Start);
