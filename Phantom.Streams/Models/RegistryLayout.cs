namespace Phantom.Streams.Models;

/// <summary>
/// Where things live in a model registry directory. Artifacts are immutable copies addressed by name and content
/// hash; each kind has one promoted pointer file, replaced atomically:
/// <code>
/// &lt;root&gt;/artifacts/&lt;name&gt;/&lt;sha256 hex&gt;/model.json (+ its files)
/// &lt;root&gt;/promoted/&lt;kind&gt;.json                      current promotion and history (PromotionPointer)
/// </code>
/// </summary>
public static class RegistryLayout
{
    public const string ArtifactsFolder = "artifacts";

    public const string PromotedFolder = "promoted";

    public static string Artifacts(string root) => Path.Combine(root, ArtifactsFolder);

    public static string ArtifactsOf(string root, string name) => Path.Combine(root, ArtifactsFolder, name);

    public static string Artifact(string root, string name, string hash) => Path.Combine(root, ArtifactsFolder, name, hash);

    public static string Promoted(string root) => Path.Combine(root, PromotedFolder);

    public static string PointerOf(string root, string kind) => Path.Combine(root, PromotedFolder, kind + ".json");
}
