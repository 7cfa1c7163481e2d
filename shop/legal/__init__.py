"""Legal texts: versioned CGV, legal notice, privacy, withdrawal information and form."""

from flask import Blueprint

bp = Blueprint("legal", __name__)
