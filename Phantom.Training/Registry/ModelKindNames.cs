using Phantom.Streams.Models;

namespace Phantom.Training.Registry;

/// <summary>
/// <see cref="ModelKind"/> as spelled on disk and on the command line: the <see cref="ModelKinds"/> names
/// (<c>kernels</c>, <c>detector</c>, <c>multi_task</c>, <c>policy</c>), exactly what <see cref="ModelManifest"/> writes.
/// </summary>
public static class ModelKindNames
{
    public static string ToWire(this ModelKind kind) => kind switch
    {
        ModelKind.Kernels => ModelKinds.Kernels,
        ModelKind.Detector => ModelKinds.Detector,
        ModelKind.MultiTask => ModelKinds.MultiTask,
        ModelKind.Policy => ModelKinds.Policy,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown model kind"),
    };

    /// <summary>Parses a kind name (also <c>multitask</c> and <c>multi-task</c>).</summary>
    /// <exception cref="ModelRegistryException">Not a kind.</exception>
    public static ModelKind Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            ModelKinds.Kernels or "kernel" => ModelKind.Kernels,
            ModelKinds.Detector => ModelKind.Detector,
            ModelKinds.MultiTask or "multitask" or "multi-task" => ModelKind.MultiTask,
            ModelKinds.Policy => ModelKind.Policy,
            _ => throw new ModelRegistryException($"unknown model kind '{text}'; expected one of {string.Join(", ", ModelKinds.All)}"),
        };
    }
}
