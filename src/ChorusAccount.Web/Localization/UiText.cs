namespace ChorusAccount.Web.Localization;

/// <summary>Marker for the UI text resources (UiText.resx: French, the default; UiText.en.resx: English).</summary>
public sealed class UiText;
