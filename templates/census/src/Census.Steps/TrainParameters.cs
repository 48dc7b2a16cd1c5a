namespace Census.Steps;

/// <summary>The parameters of <see cref="Train"/>.</summary>
public sealed class TrainParameters
{
    /// <summary>The trainer: <c>logistic</c> (L-BFGS logistic regression) or <c>fasttree</c> (boosted trees).</summary>
    /// <value><c>logistic</c>.</value>
    public string Algorithm { get; set; } = "logistic";

    /// <summary>The L1 regularization weight of <c>logistic</c>.</summary>
    /// <value>0.</value>
    public double L1 { get; set; }

    /// <summary>The L2 regularization weight of <c>logistic</c>.</summary>
    /// <value>50 (strong: the shipped sample has 500 rows, 23 of them at 50000+).</value>
    public double L2 { get; set; } = 50;

    /// <summary>The number of trees of <c>fasttree</c>.</summary>
    /// <value>200.</value>
    public int Trees { get; set; } = 200;

    /// <summary>The number of leaves per tree of <c>fasttree</c>.</summary>
    /// <value>4.</value>
    public int Leaves { get; set; } = 4;

    /// <summary>The fewest training rows in a leaf of <c>fasttree</c>.</summary>
    /// <value>5.</value>
    public int MinLeafRows { get; set; } = 5;

    /// <summary>The learning rate of <c>fasttree</c>.</summary>
    /// <value>0.05.</value>
    public double LearningRate { get; set; } = 0.05;

    /// <summary>The seed of the trainer.</summary>
    /// <value>42.</value>
    public int Seed { get; set; } = 42;
}
