"""Publishing a built site: object storage (`deploy`), nginx (`nginx`), and the rules both follow (`policy`).

Nothing here imports MkDocs; the storage client (boto3) is imported only by `s3`, so the rest stays light.
"""
