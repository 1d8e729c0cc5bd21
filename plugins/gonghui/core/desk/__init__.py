"""The editing desk (/admin/, Decap CMS): its configuration generated from the record schemas validation uses."""
