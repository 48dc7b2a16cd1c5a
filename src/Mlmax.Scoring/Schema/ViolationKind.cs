namespace Mlmax.Scoring.Schema;

/// <summary>What is wrong with scoring input, measured against the training schema.</summary>
public enum ViolationKind
{
    /// <summary><c>missing_column</c>: a required column is not in the input's columns.</summary>
    MissingColumn,

    /// <summary><c>not_a_number</c>: a number column holds a value that is neither missing nor a finite number.</summary>
    NotANumber,

    /// <summary><c>unseen_category</c>: a category column holds a value not seen in training.</summary>
    UnseenCategory,
}
