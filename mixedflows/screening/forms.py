from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 50 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("ODK Central or KoboToolbox JSON export"),
        help_text=_("All submissions are imported, or none when one is wrong."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is larger than 50 MB: export fewer submissions at a time.")
            )
        return upload
