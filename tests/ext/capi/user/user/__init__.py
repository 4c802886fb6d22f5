from user._use import combined
