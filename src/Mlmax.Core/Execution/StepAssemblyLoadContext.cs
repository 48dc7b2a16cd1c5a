using System.Reflection;
using System.Runtime.Loader;

namespace Mlmax.Execution;

/// <summary>Loads a step assembly and its dependencies in isolation, sharing only the step contract with the host.</summary>
internal sealed class StepAssemblyLoadContext : AssemblyLoadContext
{
    private static readonly string SharedName = typeof(Steps.IStep).Assembly.GetName().Name!;
    private readonly AssemblyDependencyResolver _resolver;

    public StepAssemblyLoadContext(string assemblyPath)
        : base($"mlmax-steps:{Path.GetFileName(assemblyPath)}", isCollectible: false) =>
        _resolver = new AssemblyDependencyResolver(assemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name == SharedName)
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
