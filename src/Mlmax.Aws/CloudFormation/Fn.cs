using System.Text.Json.Serialization;

namespace Mlmax.Aws.CloudFormation;

/// <summary>CloudFormation's intrinsic functions, as values a template property can hold.</summary>
public static class Fn
{
    /// <summary><c>{ "Ref": name }</c>: a parameter's value or a resource's id.</summary>
    /// <param name="name">The parameter, resource or pseudo parameter.</param>
    /// <returns>The function.</returns>
    public static object Ref(string name) => new RefFunction(name);

    /// <summary><c>{ "Fn::GetAtt": [resource, attribute] }</c>.</summary>
    /// <param name="resource">The resource.</param>
    /// <param name="attribute">The attribute, e.g. <c>Arn</c>.</param>
    /// <returns>The function.</returns>
    public static object GetAtt(string resource, string attribute) => new GetAttFunction([resource, attribute]);

    /// <summary><c>{ "Ref": "AWS::NoValue" }</c>: in a branch of <see cref="If"/>, leaves the property out.</summary>
    public static object NoValue { get; } = Ref("AWS::NoValue");

    /// <summary><c>{ "Fn::Sub": text }</c>: <c>${Name}</c> in the text replaced by CloudFormation at deploy time.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The function.</returns>
    public static object Sub(string text) => new SubFunction(text);

    /// <summary><c>{ "Fn::Join": [separator, values] }</c>.</summary>
    /// <param name="separator">The separator.</param>
    /// <param name="values">The values.</param>
    /// <returns>The function.</returns>
    public static object Join(string separator, object values) => new JoinFunction([separator, values]);

    /// <summary><c>{ "Fn::If": [condition, whenTrue, whenFalse] }</c>.</summary>
    /// <param name="condition">The condition's name.</param>
    /// <param name="whenTrue">The value when it holds.</param>
    /// <param name="whenFalse">The value when it does not.</param>
    /// <returns>The function.</returns>
    public static object If(string condition, object whenTrue, object whenFalse) => new IfFunction([condition, whenTrue, whenFalse]);

    /// <summary><c>{ "Fn::Equals": [a, b] }</c>, for conditions.</summary>
    /// <param name="a">A value.</param>
    /// <param name="b">Another.</param>
    /// <returns>The function.</returns>
    public static object EqualsTo(object a, object b) => new EqualsFunction([a, b]);

    /// <summary><c>{ "Fn::Not": [condition] }</c>, for conditions.</summary>
    /// <param name="condition">The condition.</param>
    /// <returns>The function.</returns>
    public static object Not(object condition) => new NotFunction([condition]);

    /// <summary><c>{ "Fn::Select": [index, list] }</c>.</summary>
    /// <param name="index">The index.</param>
    /// <param name="list">The list.</param>
    /// <returns>The function.</returns>
    public static object Select(int index, object list) => new SelectFunction([index.ToString(System.Globalization.CultureInfo.InvariantCulture), list]);

    /// <summary><c>{ "Fn::GetAZs": "" }</c>: the availability zones of the stack's region.</summary>
    /// <returns>The function.</returns>
    public static object GetAZs() => new GetAZsFunction(string.Empty);

    /// <summary><c>{ "Condition": name }</c>, a condition inside another.</summary>
    /// <param name="name">The condition.</param>
    /// <returns>The function.</returns>
    public static object Condition(string name) => new ConditionFunction(name);

    private sealed record RefFunction([property: JsonPropertyName("Ref")] string Name);

    private sealed record GetAttFunction([property: JsonPropertyName("Fn::GetAtt")] IReadOnlyList<string> Arguments);

    private sealed record SubFunction([property: JsonPropertyName("Fn::Sub")] string Text);

    private sealed record JoinFunction([property: JsonPropertyName("Fn::Join")] IReadOnlyList<object> Arguments);

    private sealed record IfFunction([property: JsonPropertyName("Fn::If")] IReadOnlyList<object> Arguments);

    private sealed record EqualsFunction([property: JsonPropertyName("Fn::Equals")] IReadOnlyList<object> Arguments);

    private sealed record NotFunction([property: JsonPropertyName("Fn::Not")] IReadOnlyList<object> Arguments);

    private sealed record SelectFunction([property: JsonPropertyName("Fn::Select")] IReadOnlyList<object> Arguments);

    private sealed record GetAZsFunction([property: JsonPropertyName("Fn::GetAZs")] string Region);

    private sealed record ConditionFunction([property: JsonPropertyName("Condition")] string Name);
}
