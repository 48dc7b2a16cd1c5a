namespace Mlmax.Scoring.Schema;

/// <summary>The type of a scoring input column in <c>schema.json</c>.</summary>
public enum ColumnType
{
    /// <summary><c>number</c>: a value that parses as a finite number in invariant culture.</summary>
    Number,

    /// <summary><c>category</c>: one of the values seen in training.</summary>
    Category,

    /// <summary><c>text</c>: free text, not checked.</summary>
    Text,
}
