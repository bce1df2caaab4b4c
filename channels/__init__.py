"""Custom Rasa input channels (registered in credentials.yml by class path).

- `channels.wechat.WeChatInput`: a WeChat Official Account (微信公众号) server, see channels/wechat.py.
"""
